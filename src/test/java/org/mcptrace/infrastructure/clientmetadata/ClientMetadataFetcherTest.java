package org.mcptrace.infrastructure.clientmetadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcptrace.testing.MetadataServer;

/**
 * The fetch itself against a real https server on loopback: what the container test cannot show because its server
 * must allow loopback to reach the test's vendor at all. Loopback stands in for every refused range here; which
 * ranges are refused is AddressRangesTest's business.
 */
class ClientMetadataFetcherTest {

    static MetadataServer vendor;
    static Path pem;
    static ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        pem = dir.resolve("ca.pem");
        vendor = MetadataServer.start(dir, pem);
    }

    @AfterAll
    static void stop() {
        vendor.close();
        scheduler.shutdownNow();
    }

    static ClientMetadataFetcher fetcher(boolean allowPrivate, Path trusted) {
        ClientMetadataFetcher fetcher = new ClientMetadataFetcher();
        fetcher.scheduler = scheduler;
        fetcher.allowPrivate = allowPrivate;
        fetcher.truststore = Optional.ofNullable(trusted).map(Path::toString);
        return fetcher;
    }

    String url(String what) {
        return "https://localhost:" + vendor.port() + "/fetcher/" + what;
    }

    @Test
    void refusesLoopbackOnTheConnectedSocketBeforeSendingAnything() {
        ClientMetadataFetcher.Unreachable refused = assertThrows(ClientMetadataFetcher.Unreachable.class,
                () -> fetcher(false, pem).fetch(url("good-refused")));
        assertEquals(ClientMetadataFetcher.Outcome.REFUSED_ADDRESS, refused.outcome, refused.getMessage());
        assertTrue(refused.getMessage().contains("127.0.0.1, which is loopback"), refused.getMessage());
        assertEquals(0, vendor.hits("good-refused"), "not a byte of the request reached the server");
    }

    @Test
    void fetchesWhenPrivateAddressesAreAllowedAndTheCaIsTrusted() throws Exception {
        ClientMetadataFetcher.Fetched fetched = fetcher(true, pem).fetch(url("good-allowed"));
        assertEquals(url("good-allowed"), ((Map<?, ?>) fetched.json()).get("client_id"));
        assertEquals(Duration.ofMinutes(10), fetched.freshFor(), "max-age=600");
    }

    @Test
    void trustsNoCertificateTheJdkOrTheTrustStoreDoesNotVouchFor() {
        ClientMetadataFetcher.Unreachable untrusted = assertThrows(ClientMetadataFetcher.Unreachable.class,
                () -> fetcher(true, null).fetch(url("good-untrusted")));
        assertEquals(ClientMetadataFetcher.Outcome.TLS, untrusted.outcome, untrusted.getMessage());
        ClientMetadataFetcher.Unreachable missing = assertThrows(ClientMetadataFetcher.Unreachable.class,
                () -> fetcher(true, pem.resolveSibling("none.pem")).fetch(url("good-missing")));
        assertTrue(missing.getMessage().contains("none.pem"), "names the trust store: " + missing.getMessage());
    }

    @Test
    void theGuardLooksAtTheSocketNotAtTheName() throws Exception {
        try (ServerSocket listening = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), listening.getLocalPort())) {
            GuardedSockets guard = new GuardedSockets(SSLContext.getDefault().getSocketFactory(), false);
            // whatever the name claims, the connected address decides
            IOException refused = assertThrows(GuardedSockets.RefusedAddress.class,
                    () -> guard.createSocket(socket, "public.example", listening.getLocalPort(), true));
            assertTrue(refused.getMessage().startsWith("public.example is at 127.0.0.1"), refused.getMessage());
            assertTrue(socket.isClosed(), "closed before anything was sent");
        }
    }
}
