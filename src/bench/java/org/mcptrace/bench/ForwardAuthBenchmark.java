package org.mcptrace.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Forward-auth latency as a proxy sees it: requests at a fixed rate (500/s by default, an open loop, so a slow answer
 * does not slow the offered load down), with the tracing screen open in Chromium throughout. Each run is paired with
 * a run of the no-op baseline at the same rate (the same server, connector, token check and JAX-RS stack, nothing
 * after them); the figures are medians over the rounds, and latency is measured from the moment a request was due,
 * so a stall shows in the percentiles instead of being hidden by requests that were never sent.
 *
 * <p>Four in five calls are authorization requests for the seeded clients (Info; one in five of those a near miss),
 * the fifth a follow-up page of the authorization server (let through untraced), as a login produces them.
 */
public final class ForwardAuthBenchmark {

    static final int RATE = Integer.getInteger("bench.rate", 500);
    static final int SECONDS = Integer.getInteger("bench.seconds", 20);
    static final int ROUNDS = Integer.getInteger("bench.rounds", 5);
    static final int WARM_UP = Integer.getInteger("bench.warmUpSeconds", 30);
    static final String FORWARD_AUTH = "/api/v1/forward-auth";
    // false: no tracing screen, to tell what the console's rendering on the same cores costs from what the server does
    static final boolean CONSOLE = Boolean.parseBoolean(System.getProperty("bench.console", "true"));

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    record Run(String name, List<Double> millis, int errors, double offered) {
        double p(double percentile) {
            return Bench.percentile(millis, percentile);
        }

        @Override
        public String toString() {
            return String.format("%-22s %6d requests at %4.0f/s, %d errors: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, "
                    + "max %.1f ms", name, millis.size(), offered, errors, p(50), p(90), p(99), p(100));
        }
    }

    public static void main(String[] args) throws Exception {
        Bench.seed();
        List<HttpRequest> forwardAuth = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            forwardAuth.add(forwardAuthRequest(i));
        }
        HttpRequest noop = HttpRequest.newBuilder(URI.create(Bench.BASE + Bench.NOOP)).timeout(Duration.ofSeconds(30))
                .header("Authorization", Bench.authorization(Bench.NOOP)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
        StringBuilder report = new StringBuilder();
        List<ChromeDriver> drivers = new ArrayList<>();
        try {
            if (CONSOLE) {
                drivers.add(Viewers.tracingScreen());
            }
            // long enough for the JIT to settle on both paths: in shorter runs each round was faster than the last
            System.out.println("warm-up (not counted)");
            run("warm-up noop", i -> noop, WARM_UP);
            run("warm-up forward auth", i -> forwardAuth.get(i % forwardAuth.size()), WARM_UP);
            List<Run> baseline = new ArrayList<>();
            List<Run> measured = new ArrayList<>();
            for (int round = 1; round <= ROUNDS; round++) {
                baseline.add(run("noop baseline #" + round, i -> noop, SECONDS));
                measured.add(run("forward auth #" + round, i -> forwardAuth.get(i % forwardAuth.size()), SECONDS));
            }
            for (Run run : baseline) {
                report.append(run).append('\n');
            }
            for (Run run : measured) {
                report.append(run).append('\n');
            }
            report.append(String.format("noop baseline   median of rounds: p50 %.2f ms, p99 %.2f ms%n",
                    median(baseline, 50), median(baseline, 99)));
            report.append(String.format("forward auth    median of rounds: p50 %.2f ms, p99 %.2f ms (target p99 < 5 ms at"
                    + " %d/s); added over the baseline: p50 %+.2f ms, p99 %+.2f ms%n", median(measured, 50),
                    median(measured, 99), RATE, median(measured, 50) - median(baseline, 50),
                    median(measured, 99) - median(baseline, 99)));
            report.append(CONSOLE ? String.format("console         one tracing screen open in Chromium; push lag %.0f ms (last)%n",
                    Bench.metric(Bench.metrics(), "mcptrace_push_lag_milliseconds", null))
                    : "console         none (-Dbench.console=false)\n");
        } finally {
            Viewers.quit(drivers);
        }
        System.out.println();
        System.out.print(report);
        Bench.write("forward-auth-summary.txt", report.toString());
    }

    private static HttpRequest forwardAuthRequest(int i) {
        int c = i % Bench.SEEDED;
        String uri;
        if (i % 5 == 4) {
            uri = "/auth/" + Integer.toHexString(i * 7919);
        } else {
            String redirect = Bench.redirectUri(c) + (i % 5 == 3 ? "/" : "");
            uri = "/authorize?response_type=code&client_id=client-" + c + "&redirect_uri=" + enc(redirect) + "&resource="
                    + enc(Bench.resourceUrl(c)) + "&state=s" + i + "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
                    + "&code_challenge_method=S256";
        }
        return HttpRequest.newBuilder(URI.create(Bench.BASE + FORWARD_AUTH)).timeout(Duration.ofSeconds(30))
                .header("X-Mcptrace-Token", Bench.TOKEN).header("X-Forwarded-Method", "GET")
                .header("X-Forwarded-Uri", uri).header("X-Forwarded-For", "203.0.113." + (i % 250)).GET().build();
    }

    /** Sends {@link #RATE} requests a second for {@code seconds}, each timed from the moment it was due. */
    private static Run run(String name, IntFunction<HttpRequest> request, int seconds) throws Exception {
        int total = RATE * seconds;
        long intervalNanos = 1_000_000_000L / RATE;
        ConcurrentLinkedQueue<Double> millis = new ConcurrentLinkedQueue<>();
        AtomicInteger errors = new AtomicInteger();
        List<CompletableFuture<?>> pending = new ArrayList<>(total);
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long due = start + i * intervalNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            pending.add(HTTP.sendAsync(request.apply(i), HttpResponse.BodyHandlers.discarding()).handle((response, failure) -> {
                double elapsed = (System.nanoTime() - due) / 1e6;
                if (failure != null || response.statusCode() != 200) {
                    errors.incrementAndGet();
                } else {
                    millis.add(elapsed);
                }
                return null;
            }));
        }
        double offered = total / ((System.nanoTime() - start) / 1e9);
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        List<Double> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        Run run = new Run(name, sorted, errors.get(), offered);
        System.out.println(run);
        return run;
    }

    private static double median(List<Run> runs, double percentile) {
        return Bench.median(runs.stream().map(r -> r.p(percentile)).toList());
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
