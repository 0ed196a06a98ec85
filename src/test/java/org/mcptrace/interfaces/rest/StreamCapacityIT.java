package org.mcptrace.interfaces.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mcptrace.testing.Api;
import org.mcptrace.testing.Deployments;

/**
 * Many open streams on a real Liberty, more than its executor's core threads (two per hardware thread): an ordinary
 * request is still answered at once, and every stream gets its opening comment and new entries promptly. When each
 * stream held a request thread for its whole life, the pool grew only as its controller noticed hung threads, so the
 * streams beyond its core waited for their first bytes and every other request waited behind them (logins through
 * forward auth among them).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class StreamCapacityIT {

    private static final int STREAMS = 48;
    /** Generous for one small request on a loaded two-core machine; a held pool answers after tens of seconds. */
    private static final Duration ORDINARY = Duration.ofSeconds(2);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.application();
    }

    @ArquillianResource
    URL base;

    @Test
    void manyOpenStreamsHoldNoRequestThreads() throws Exception {
        Api api = new Api(base);
        String marker = "capacity-" + System.nanoTime();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        CountDownLatch opened = new CountDownLatch(STREAMS);
        CountDownLatch received = new CountDownLatch(STREAMS);
        List<CompletableFuture<HttpResponse<InputStream>>> streams = new ArrayList<>();
        List<Thread> readers = new ArrayList<>();
        try {
            for (int i = 0; i < STREAMS; i++) {
                CompletableFuture<HttpResponse<InputStream>> stream = http.sendAsync(HttpRequest.newBuilder(
                                api.uri("api/v1/traces/stream?q=" + marker)).header("Accept", "text/event-stream")
                        .header("Authorization", api.authorization()).build(), HttpResponse.BodyHandlers.ofInputStream());
                streams.add(stream);
                Thread reader = new Thread(() -> read(stream, marker, opened, received), "stream-reader-" + i);
                reader.setDaemon(true);
                reader.start();
                readers.add(reader);
            }
            boolean allOpened = opened.await(30, TimeUnit.SECONDS);
            String opening = (STREAMS - opened.getCount()) + " of " + STREAMS + " streams had their opening comment within 30 s";

            // with the streams open: what a login through a proxy, a gateway and an orchestrator's probe wait for
            URI ready = new URL(base.getProtocol(), base.getHost(), base.getPort(), "/health/ready").toURI();
            // without credentials, as an orchestrator probes (Liberty would try Basic credentials on its own registry)
            assertPrompt("readiness", () -> api.anonymous().send(HttpRequest.newBuilder(ready).GET()).status(), 200);
            assertPrompt("forward auth", () -> api.anonymous().send(HttpRequest.newBuilder(api.uri("api/v1/forward-auth"))
                    .GET().header("X-Forwarded-Uri", "/authorize?response_type=code&client_id=" + marker)
                    .header("X-Forwarded-Method", "GET").header("X-Mcptrace-Token", Api.GATEWAY_TOKEN)).status() < 500 ? 0 : 1, 0);
            assertPrompt("a report", () -> api.post("api/v1/authorization-requests", TracingApiIT.report("10.3.0.1",
                    "https://claude.ai/api/mcp/auth_callback", "https://" + marker + ".example/mcp")).status(), 201);

            assertTrue(allOpened, opening);
            assertTrue(received.await(10, TimeUnit.SECONDS), (STREAMS - received.getCount()) + " of " + STREAMS
                    + " streams had the new entry within 10 s");
        } finally {
            for (CompletableFuture<HttpResponse<InputStream>> stream : streams) {
                stream.thenAccept(response -> close(response.body()));
                stream.cancel(true);
            }
            readers.forEach(Thread::interrupt);
        }
    }

    private static void assertPrompt(String what, Supplier<Integer> call, int expected) {
        long start = System.nanoTime();
        int status;
        try {
            status = call.get();
        } catch (IllegalStateException e) {
            throw new AssertionError(what + " with " + STREAMS + " streams requested had no answer within 30 s", e);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(ORDINARY) < 0, what + " with " + STREAMS + " streams requested took " + took.toMillis()
                + " ms");
        assertEquals(expected, status, what);
    }

    private static void read(CompletableFuture<HttpResponse<InputStream>> stream, String marker, CountDownLatch opened,
                             CountDownLatch received) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream.get(60, TimeUnit.SECONDS).body(),
                StandardCharsets.UTF_8))) {
            boolean open = false;
            String line;
            while ((line = reader.readLine()) != null) {
                if (!open && line.startsWith(": mcptrace live trace stream")) {
                    open = true;
                    opened.countDown();
                } else if (line.startsWith("data: ") && line.contains(marker)) {
                    received.countDown();
                    return;
                }
            }
        } catch (Exception e) {
            // the test ends the stream, or it failed: the latches tell
        }
    }

    private static void close(InputStream body) {
        try {
            body.close();
        } catch (Exception e) {
            // closing an ended stream
        }
    }
}
