package org.mcptrace.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.mcptrace.testing.LibertyNode;
import org.mcptrace.testing.Nginx;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Forward-auth latency as a proxy sees it: requests at a fixed rate (500/s by default, an open loop, so a slow answer
 * does not slow the offered load down), with the tracing screen open in Chromium throughout. Each run is paired with
 * a run of the no-op baseline at the same rate and by the same generator (the same server, connector, credential
 * check and JAX-RS stack, nothing after them); the figures are medians over the rounds, and latency is measured from
 * the moment a request was due, so a stall shows in the percentiles instead of being hidden by requests that were
 * never sent.
 *
 * <p>The load comes from {@link OpenLoop}: pre-built requests on plain keep-alive sockets, about what an nginx or Envoy
 * spends per call. {@code -Dbench.generators=sockets,httpclient} also runs every round with Java's HTTP client, the
 * generator used before, so the two can be compared in one run. Every run reports the generator's own CPU per request
 * (its whole JVM) and the server's (its {@code cpu.processCpuTime}), so a reader can see the generator is not what
 * the latency measures.
 *
 * <p>Four in five calls are authorization requests for the seeded clients (Info; one in five of those a near miss),
 * the fifth a follow-up page of the authorization server (let through untraced), as a login produces them.
 */
public final class ForwardAuthBenchmark {

    static final int RATE = Integer.getInteger("bench.rate", 500);
    static final int SECONDS = Integer.getInteger("bench.seconds", 20);
    static final int ROUNDS = Integer.getInteger("bench.rounds", 5);
    static final int WARM_UP = Integer.getInteger("bench.warmUpSeconds", 30);
    // keep-alive connections of the socket generator: at 500/s, all of them busy means a 128 ms stall
    static final int POOL = Integer.getInteger("bench.pool", 64);
    static final List<String> GENERATORS = List.of(System.getProperty("bench.generators", "sockets").split(","));
    static final String FORWARD_AUTH = "/api/v1/forward-auth";
    // false: no tracing screen, to tell what the console's rendering on the same cores costs from what the server does
    static final boolean CONSOLE = Boolean.parseBoolean(System.getProperty("bench.console", "true"));
    private static final int DISTINCT = 500;

    record Run(String name, double[] millis, int errors, double offered, double generatorCpuMicros,
               double serverCpuMicros, String extra) {
        double p(double percentile) {
            if (millis.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.ceil(percentile / 100.0 * millis.length) - 1;
            return millis[Math.max(0, Math.min(millis.length - 1, index))];
        }

        @Override
        public String toString() {
            return String.format("%-32s %6d requests at %4.0f/s, %d errors: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, "
                    + "max %.1f ms; CPU per request: generator %.0f µs, server %.0f µs%s", name, millis.length, offered,
                    errors, p(50), p(90), p(99), p(100), generatorCpuMicros, serverCpuMicros, extra);
        }
    }

    /** Sends {@link #RATE} requests a second for some seconds, to the no-op or to forward auth. */
    interface Generator {
        Run run(String name, boolean noop, int seconds) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        Bench.seed();
        List<AutoCloseable> closing = new ArrayList<>();
        Map<String, Generator> generators = new LinkedHashMap<>();
        for (String name : GENERATORS) {
            generators.put(name, switch (name) {
                case "sockets" -> sockets();
                case "httpclient" -> httpClient();
                case "nginx" -> throughNginx(closing);
                default -> throw new IllegalArgumentException("bench.generators: sockets, httpclient or nginx, not "
                        + name);
            });
        }
        StringBuilder report = new StringBuilder();
        List<ChromeDriver> drivers = new ArrayList<>();
        try {
            if (CONSOLE) {
                drivers.add(Viewers.tracingScreen());
            }
            // long enough for the JIT to settle on both paths: in shorter runs each round was faster than the last
            System.out.println("warm-up (not counted)");
            for (Map.Entry<String, Generator> g : generators.entrySet()) {
                g.getValue().run("warm-up noop [" + g.getKey() + "]", true, WARM_UP);
                g.getValue().run("warm-up forward auth [" + g.getKey() + "]", false, WARM_UP);
            }
            Map<String, List<Run>> baseline = new LinkedHashMap<>();
            Map<String, List<Run>> measured = new LinkedHashMap<>();
            for (int round = 1; round <= ROUNDS; round++) {
                for (Map.Entry<String, Generator> g : generators.entrySet()) {
                    String by = " [" + g.getKey() + "]";
                    baseline.computeIfAbsent(g.getKey(), k -> new ArrayList<>())
                            .add(g.getValue().run("noop baseline #" + round + by, true, SECONDS));
                    measured.computeIfAbsent(g.getKey(), k -> new ArrayList<>())
                            .add(g.getValue().run("forward auth #" + round + by, false, SECONDS));
                }
            }
            for (String g : generators.keySet()) {
                baseline.get(g).forEach(run -> report.append(run).append('\n'));
                measured.get(g).forEach(run -> report.append(run).append('\n'));
            }
            for (String g : generators.keySet()) {
                List<Run> base = baseline.get(g);
                List<Run> fa = measured.get(g);
                String by = generators.size() > 1 ? " [" + g + "]" : "";
                // through nginx, the baseline is the same nginx without the check
                report.append(String.format("%-15s median of rounds: p50 %.2f ms, p99 %.2f ms; CPU per request:"
                        + " generator %.0f µs, server %.0f µs%s%n", g.equals("nginx") ? "nginx, no check" : "noop baseline",
                        median(base, 50), median(base, 99),
                        medianOf(base, Run::generatorCpuMicros), medianOf(base, Run::serverCpuMicros), by));
                report.append(String.format("forward auth    median of rounds: p50 %.2f ms, p99 %.2f ms (target p99 < 5 ms"
                        + " at %d/s); added over the baseline: p50 %+.2f ms, p99 %+.2f ms; CPU per request: generator"
                        + " %.0f µs, server %.0f µs%s%n", median(fa, 50), median(fa, 99), RATE,
                        median(fa, 50) - median(base, 50), median(fa, 99) - median(base, 99),
                        medianOf(fa, Run::generatorCpuMicros), medianOf(fa, Run::serverCpuMicros), by));
            }
            report.append(CONSOLE ? String.format("console         one tracing screen open in Chromium; push lag %.0f ms (last)%n",
                    Bench.metric(Bench.metrics(), "mcptrace_push_lag_milliseconds", null))
                    : "console         none (-Dbench.console=false)\n");
        } finally {
            Viewers.quit(drivers);
            for (AutoCloseable each : closing) {
                each.close();
            }
        }
        System.out.println();
        System.out.print(report);
        Bench.write("forward-auth-summary.txt", report.toString());
    }

    /** The original request's path and query, as the proxy passes it in X-Forwarded-Uri. */
    static String forwardedUri(int i) {
        int c = i % Bench.SEEDED;
        if (i % 5 == 4) {
            return "/auth/" + Integer.toHexString(i * 7919);
        }
        String redirect = Bench.redirectUri(c) + (i % 5 == 3 ? "/" : "");
        return "/authorize?response_type=code&client_id=client-" + c + "&redirect_uri=" + enc(redirect) + "&resource="
                + enc(Bench.resourceUrl(c)) + "&state=s" + i + "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
                + "&code_challenge_method=S256";
    }

    static String forwardedFor(int i) {
        return "203.0.113." + (i % 250);
    }

    /** Pre-built requests on keep-alive sockets: what a proxy spends on a forward-auth call. */
    static Generator sockets() {
        OpenLoop loop = new OpenLoop(Bench.BASE, POOL);
        byte[][] forwardAuth = new byte[DISTINCT][];
        for (int i = 0; i < DISTINCT; i++) {
            forwardAuth[i] = loop.request("GET", FORWARD_AUTH, new String[] {"X-Mcptrace-Token: " + Bench.TOKEN,
                "X-Forwarded-Method: GET", "X-Forwarded-Uri: " + forwardedUri(i),
                "X-Forwarded-For: " + forwardedFor(i)}, null);
        }
        byte[] noop = loop.request("POST", Bench.NOOP, new String[] {"Authorization: " + Bench.authorization(Bench.NOOP),
            "Content-Type: application/json"}, "{}");
        return (name, isNoop, seconds) -> {
            double serverCpu = Bench.serverCpuSeconds();
            int count = RATE * seconds;
            OpenLoop.Result r = loop.run(count, RATE, i -> isNoop ? noop : forwardAuth[i % DISTINCT]);
            Run run = new Run(name, r.millis(), r.errors(), r.offered(), r.cpuMicrosPerRequest(),
                    (Bench.serverCpuSeconds() - serverCpu) * 1e6 / count, String.format(
                    "; sent after due: p50 %.2f ms, p99 %.2f ms; %d waits for a free connection", r.sendLagP50Millis(),
                    r.sendLagP99Millis(), r.poolWaits()));
            System.out.println(run);
            return run;
        };
    }

    /**
     * The same socket generator, through Debian's nginx configured as docs/integrations.md says ({@code auth_request}
     * to forward auth on kept-alive connections): what a login waits for. The baseline is the same nginx without the
     * check, and both end at an nginx-served stand-in for the authorization server, so "added" is the whole check as
     * the proxy pays it, subrequest included.
     */
    static Generator throughNginx(List<AutoCloseable> closing) throws Exception {
        Nginx.require();
        URI mcptrace = URI.create(Bench.BASE);
        int port = LibertyNode.freePort();
        int as = LibertyNode.freePort();
        String site = """
                upstream mcptrace {
                    server 127.0.0.1:%3$d;
                    keepalive 16;
                }
                upstream authorization_server {
                    server 127.0.0.1:%2$d;
                    keepalive 16;
                }
                server {
                    listen 127.0.0.1:%2$d;
                    access_log off;
                    location / { return 200; }
                }
                server {
                    listen 127.0.0.1:%1$d;
                    access_log off;
                    proxy_http_version 1.1;
                    proxy_set_header Connection "";
                    location ~ ^/(authorize|auth/) {
                        auth_request /_mcptrace;
                        proxy_pass http://authorization_server;
                    }
                    location /unchecked/ {
                        proxy_pass http://authorization_server/;
                    }
                    %4$s
                }
                """.formatted(port, as, mcptrace.getPort(), Nginx.forwardAuthLocation(FORWARD_AUTH, Bench.TOKEN));
        Nginx nginx = Nginx.start(Path.of("target/bench/nginx"), site, port);
        closing.add(nginx);
        OpenLoop loop = new OpenLoop("http://127.0.0.1:" + port, POOL);
        byte[][] checked = new byte[DISTINCT][];
        byte[][] unchecked = new byte[DISTINCT][];
        for (int i = 0; i < DISTINCT; i++) {
            String[] headers = {"X-Forwarded-For: " + forwardedFor(i)};
            checked[i] = loop.request("GET", forwardedUri(i), headers, null);
            unchecked[i] = loop.request("GET", "/unchecked" + forwardedUri(i), headers, null);
        }
        return (name, isNoop, seconds) -> {
            double serverCpu = Bench.serverCpuSeconds();
            int count = RATE * seconds;
            OpenLoop.Result r = loop.run(count, RATE, i -> (isNoop ? unchecked : checked)[i % DISTINCT]);
            Run run = new Run(name.replace("noop baseline", "nginx, no check"), r.millis(), r.errors(), r.offered(),
                    r.cpuMicrosPerRequest(), (Bench.serverCpuSeconds() - serverCpu) * 1e6 / count, String.format(
                    "; sent after due: p50 %.2f ms, p99 %.2f ms; %d waits for a free connection", r.sendLagP50Millis(),
                    r.sendLagP99Millis(), r.poolWaits()));
            System.out.println(run);
            return run;
        };
    }

    /** Java's HTTP client, asynchronous, keep-alive: the generator before {@link OpenLoop}, kept for comparison. */
    static Generator httpClient() {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        List<HttpRequest> forwardAuth = new ArrayList<>();
        for (int i = 0; i < DISTINCT; i++) {
            forwardAuth.add(HttpRequest.newBuilder(URI.create(Bench.BASE + FORWARD_AUTH)).timeout(Duration.ofSeconds(30))
                    .header("X-Mcptrace-Token", Bench.TOKEN).header("X-Forwarded-Method", "GET")
                    .header("X-Forwarded-Uri", forwardedUri(i)).header("X-Forwarded-For", forwardedFor(i)).GET().build());
        }
        HttpRequest noop = HttpRequest.newBuilder(URI.create(Bench.BASE + Bench.NOOP)).timeout(Duration.ofSeconds(30))
                .header("Authorization", Bench.authorization(Bench.NOOP)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
        return (name, isNoop, seconds) -> {
            double serverCpu = Bench.serverCpuSeconds();
            long cpu = OpenLoop.processCpuNanos();
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
                HttpRequest request = isNoop ? noop : forwardAuth.get(i % DISTINCT);
                pending.add(http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).handle((response, failure) -> {
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
            double[] sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            Run run = new Run(name, sorted, errors.get(), offered, (OpenLoop.processCpuNanos() - cpu) / 1e3 / total,
                    (Bench.serverCpuSeconds() - serverCpu) * 1e6 / total, "");
            System.out.println(run);
            return run;
        };
    }

    private static double median(List<Run> runs, double percentile) {
        return Bench.median(runs.stream().map(r -> r.p(percentile)).toList());
    }

    private static double medianOf(List<Run> runs, java.util.function.ToDoubleFunction<Run> figure) {
        return Bench.median(runs.stream().map(r -> figure.applyAsDouble(r)).toList());
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
