package org.mcptrace.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The live view under a long mixed load: does every console keep up, for the whole run, and after it?
 *
 * <p>Load: single reports at a steady rate (one in {@value #HOSTILE_EVERY} carries the hostile strings of the
 * security tests), a batch every second, and forward-auth calls as a proxy makes them. Watching: two unfiltered
 * consoles, one console filtered to the probes, an SSE client, and a frozen tab (scripts stopped, socket open, as
 * Chromium does to a background tab). A probe is reported every few seconds; every one must reach the filtered
 * console, and every live console's newest row must keep moving between samples. The baseline is the run's own first
 * window: the last window's figures are reported as ratios to it, so drift (a slow leak, a growing backlog) shows.
 * After the soak, the reproduction of the freeze (one keep-alive connection reporting as fast as it can for 30 s,
 * wrk -t1 -c1) runs against the same server, and a probe must reach every console afterwards.
 */
public final class SoakBenchmark {

    static final int MINUTES = Integer.getInteger("bench.soakMinutes", 30);
    static final int RATE = Integer.getInteger("bench.soakRate", 200);
    static final int BATCH_SIZE = Integer.getInteger("bench.soakBatch", 50);
    static final int FORWARD_AUTH_RATE = Integer.getInteger("bench.soakForwardAuthRate", 20);
    static final int PROBE_EVERY_SECONDS = Integer.getInteger("bench.probeEverySeconds", 3);
    static final int SAMPLE_EVERY_SECONDS = 10;
    /** The first and last windows compared, in samples. */
    static final int WINDOW_SAMPLES = Math.max(1, Math.min(30, MINUTES * 6 / 5));
    static final int HOSTILE_EVERY = 25;
    /** A probe not seen this long after it was reported counts as lost. */
    static final long PROBE_PATIENCE_MILLIS = 30_000;

    /** The strings of src/test/.../security/HostileInputIT, in the places a gateway can put them. */
    static final String[] HOSTILE = {
        "\"><script>window.__pwned=1</script>",
        "<img src=x onerror=window.__pwned=2>",
        "javascript:window.__pwned=3",
        "\u202Egnp.exe",
        "bell\u0007nul\u0000esc\u001b",
        "=HYPERLINK(\"http://evil.example\")\n\ndata: {\"forged\":true}\n\n",
    };

    private static final String WATCH = """
            const w = window.__soak = {seen: {}, states: {}};
            new MutationObserver(() => {
              const cells = document.querySelectorAll('#traces\\\\:grid tbody tr.mt-row .mt-presented');
              for (const cell of cells) {
                const text = cell.textContent, at = text.indexOf('soak-probe-');
                if (at < 0) { continue; }
                const key = text.substring(at + 11, text.indexOf('.', at));
                if (w.seen[key] === undefined) { w.seen[key] = Date.now(); }
              }
            }).observe(document.body, {childList: true, subtree: true});
            """;

    private static final String STATE = """
            const t = document.querySelector('#traces\\\\:grid_data tr.mt-row time[data-seq]');
            const c = document.getElementById('connection');
            return {seq: t ? Number(t.getAttribute('data-seq')) : 0, state: c ? c.textContent : '?',
                    pwned: window.__pwned || null};
            """;

    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    /** Reports not sent because all connections were busy: the load generator's limit, not the server's answer. */
    private final AtomicLong notSent = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong forwardAuths = new AtomicLong();
    private final Map<String, Long> probes = new ConcurrentHashMap<>();
    private final AtomicLong probesRefused = new AtomicLong();
    private final Semaphore inFlight = new Semaphore(32);
    private final StringBuilder report = new StringBuilder();

    public static void main(String[] args) throws Exception {
        new SoakBenchmark().run(args.length > 0 ? Path.of(args[0]) : Path.of("src/bench/wrk"));
    }

    void run(Path wrkScripts) throws Exception {
        Bench.seed();
        ScheduledExecutorService load = Executors.newScheduledThreadPool(2);
        // probes wait for their answer, so they get their own thread and never hold up the load
        ScheduledExecutorService prober = Executors.newSingleThreadScheduledExecutor();
        List<ChromeDriver> drivers = new ArrayList<>();
        Viewers.StreamClient stream = new Viewers.StreamClient();
        try {
            ChromeDriver first = Viewers.tracingScreen();
            drivers.add(first);
            ChromeDriver second = Viewers.tracingScreen();
            drivers.add(second);
            ChromeDriver filtered = Viewers.signedIn();
            drivers.add(filtered);
            filtered.get(Bench.BASE + "/?q=soak-probe-");
            Bench.sleep(2000);
            ChromeDriver frozen = Viewers.tracingScreen();
            drivers.add(frozen);
            Viewers.freeze(frozen);
            Map<String, ChromeDriver> consoles = new LinkedHashMap<>();
            consoles.put("unfiltered 1", first);
            consoles.put("unfiltered 2", second);
            consoles.put("filtered", filtered);
            for (ChromeDriver console : consoles.values()) {
                console.executeScript(WATCH);
            }

            long perTick = Math.max(1, RATE / 100);
            load.scheduleAtFixedRate(() -> singles(perTick), 0, 10, TimeUnit.MILLISECONDS);
            load.scheduleAtFixedRate(this::batch, 500, 1000, TimeUnit.MILLISECONDS);
            long forwardEvery = FORWARD_AUTH_RATE > 0 ? Math.max(1, 1000 / FORWARD_AUTH_RATE) : 0;
            if (forwardEvery > 0) {
                load.scheduleAtFixedRate(this::forwardAuth, 250, forwardEvery, TimeUnit.MILLISECONDS);
            }
            AtomicLong probeCount = new AtomicLong();
            prober.scheduleAtFixedRate(() -> probe("p" + probeCount.getAndIncrement()), 1, PROBE_EVERY_SECONDS,
                    TimeUnit.SECONDS);

            List<Sample> samples = new ArrayList<>();
            Map<String, Long> lastSeq = new LinkedHashMap<>();
            Map<String, Integer> stuck = new LinkedHashMap<>();
            Map<String, Integer> notLive = new LinkedHashMap<>();
            Object pwned = null;
            long start = System.nanoTime();
            long end = start + TimeUnit.MINUTES.toNanos(MINUTES);
            System.out.printf("soak: %d min, %d singles/s, a batch of %d every second, %d forward-auth calls/s, a probe every %d s%n",
                    MINUTES, RATE, BATCH_SIZE, FORWARD_AUTH_RATE, PROBE_EVERY_SECONDS);
            while (System.nanoTime() < end) {
                Bench.sleep(SAMPLE_EVERY_SECONDS * 1000L);
                Sample sample = Sample.take((System.nanoTime() - start) / 1e9, stream.traces.get());
                samples.add(sample);
                StringBuilder line = new StringBuilder(String.format("%6.0f s  ingested %9.0f  pushes %7.0f  viewers %.0f  "
                        + "loop failures %.0f  health %d  sse %d", sample.seconds, sample.ingested, sample.pushes,
                        sample.viewers, sample.loopFailures, sample.health, sample.sse));
                for (Map.Entry<String, ChromeDriver> console : consoles.entrySet()) {
                    Map<?, ?> state = (Map<?, ?>) console.getValue().executeScript(STATE);
                    long seq = ((Number) state.get("seq")).longValue();
                    String name = console.getKey();
                    // the filtered console's newest row moves with the probes, the others with everything
                    if (lastSeq.containsKey(name) && seq <= lastSeq.get(name)) {
                        stuck.merge(name, 1, Integer::sum);
                    }
                    if (!"Live".equals(state.get("state"))) {
                        notLive.merge(name, 1, Integer::sum);
                    }
                    pwned = pwned != null ? pwned : state.get("pwned");
                    lastSeq.put(name, seq);
                    line.append(String.format("  %s #%d %s", name, seq, state.get("state")));
                }
                System.out.println(line);
            }
            load.shutdownNow();
            prober.shutdown();
            load.awaitTermination(30, TimeUnit.SECONDS);
            prober.awaitTermination(90, TimeUnit.SECONDS);
            // the last probes get their patience before the verdict
            Bench.sleep(5000);
            Map<String, Long> seen = seen(filtered);
            double seconds = (System.nanoTime() - start) / 1e9;

            report.append(String.format("soak                  %d min (%.0f s), %d singles/s target, batches of %d each second, "
                    + "%d forward-auth calls/s; %d singles, %d batches, %d forward-auth calls; %d failed; %d not sent "
                    + "(all 32 connections busy)%n", MINUTES, seconds, RATE, BATCH_SIZE, FORWARD_AUTH_RATE, sent.get(),
                    batches.get(), forwardAuths.get(), failed.get(), notSent.get()));
            List<Double> delays = new ArrayList<>();
            List<String> lost = new ArrayList<>();
            Map<String, Long> firstWindow = new LinkedHashMap<>();
            Map<String, Long> lastWindow = new LinkedHashMap<>();
            double windowSeconds = WINDOW_SAMPLES * SAMPLE_EVERY_SECONDS;
            for (Map.Entry<String, Long> probe : probes.entrySet()) {
                Long at = seen.get(probe.getKey());
                if (at == null) {
                    lost.add(probe.getKey());
                    continue;
                }
                long delay = at - probe.getValue();
                delays.add((double) delay);
                double when = (probe.getValue() - startMillis(start)) / 1000.0;
                if (when < windowSeconds) {
                    firstWindow.put(probe.getKey(), delay);
                } else if (when > seconds - windowSeconds - 5) {
                    lastWindow.put(probe.getKey(), delay);
                }
            }
            report.append(String.format("probes                %d accepted (201), %d reached the filtered console, %d lost%s; "
                    + "%d not accepted%n", probes.size(), delays.size(), lost.size(), lost.isEmpty() ? "" : " " + lost,
                    probesRefused.get()));
            report.append(String.format("probe to row          p50 %.0f ms, p95 %.0f ms, max %.0f ms (wall clock, same machine)%n",
                    Bench.percentile(delays, 50), Bench.percentile(delays, 95), Bench.percentile(delays, 100)));
            report.append(String.format("consoles              samples without a new row: %s; samples not 'Live': %s%n",
                    stuck.isEmpty() ? "none" : stuck, notLive.isEmpty() ? "none" : notLive));
            report.append(String.format("hostile strings       window.__pwned in any console: %s%n", pwned == null ? "never" : pwned));
            Sample last = samples.get(samples.size() - 1);
            long healthDown = samples.stream().filter(s -> s.health != 200).count();
            report.append(String.format("server                pushes %.0f, loop failures %.0f, health not UP in %d of %d samples, "
                    + "SSE clients dropped %.0f, SSE entries skipped %.0f%n", last.pushes, last.loopFailures, healthDown,
                    samples.size(), last.sseDropped, last.sseSkipped));
            if (samples.size() >= 2 * WINDOW_SAMPLES) {
                Window a = Window.of(samples.subList(0, WINDOW_SAMPLES + 1));
                Window b = Window.of(samples.subList(samples.size() - WINDOW_SAMPLES - 1, samples.size()));
                double p95a = Bench.percentile(new ArrayList<>(firstWindow.values().stream().map(Long::doubleValue).toList()), 95);
                double p95b = Bench.percentile(new ArrayList<>(lastWindow.values().stream().map(Long::doubleValue).toList()), 95);
                report.append(String.format("drift (last %.0f s / first %.0f s, the baseline)%n", windowSeconds, windowSeconds));
                report.append(String.format("  ingested/s          %8.0f / %8.0f = %.2f%n", b.ingestedPerSecond, a.ingestedPerSecond,
                        b.ingestedPerSecond / a.ingestedPerSecond));
                report.append(String.format("  pushes/s            %8.1f / %8.1f = %.2f%n", b.pushesPerSecond, a.pushesPerSecond,
                        b.pushesPerSecond / a.pushesPerSecond));
                report.append(String.format("  SSE entries/s       %8.0f / %8.0f = %.2f%n", b.ssePerSecond, a.ssePerSecond,
                        b.ssePerSecond / a.ssePerSecond));
                report.append(String.format("  probe p95 ms        %8.0f / %8.0f = %.2f%n", p95b, p95a, p95b / p95a));
                report.append(String.format("  heap used MB        %8.0f / %8.0f = %.2f%n", b.heapMegabytes, a.heapMegabytes,
                        b.heapMegabytes / a.heapMegabytes));
            }

            // the frozen tab comes back; frozen for longer than the session timeout (30 min by default), it has lost
            // its session, so it is reported, not judged
            frozen.executeCdpCommand("Page.setWebLifecycleState", Map.of("state", "active"));

            // the reproduction against the same server, after the soak
            reproduction(wrkScripts, consoles);
            report.append(String.format("woken tab             shows '%s'%n", frozen.executeScript(
                    "var c = document.getElementById('connection'); return c ? c.textContent : document.title;")));
            boolean verdict = lost.isEmpty() && stuck.isEmpty() && pwned == null && healthDown == 0;
            report.append(String.format("verdict               %s%n", verdict ? "LIVE throughout" : "NOT LIVE (see above)"));
        } finally {
            load.shutdownNow();
            prober.shutdownNow();
            stream.close();
            Viewers.quit(drivers);
        }
        System.out.print(report);
        Bench.write("soak-summary.txt", report.toString());
    }

    /** wrk -t1 -c1 for 30 s, single reports as fast as one keep-alive connection allows; then a probe to everyone. */
    private void reproduction(Path wrkScripts, Map<String, ChromeDriver> consoles) {
        double pushesBefore = Bench.metric(Bench.metrics(), "mcptrace_pushes", null);
        Wrk.Result wrk = new Wrk(wrkScripts).runWith("reproduction (wrk -t1 -c1)", "ingest.lua", Bench.INGEST, 1, 1, 30);
        double pushesAfter = Bench.metric(Bench.metrics(), "mcptrace_pushes", null);
        String key = "after";
        probe(key);
        StringBuilder arrived = new StringBuilder();
        boolean all = true;
        for (Map.Entry<String, ChromeDriver> console : consoles.entrySet()) {
            long deadline = System.currentTimeMillis() + PROBE_PATIENCE_MILLIS;
            boolean found = false;
            while (!found && System.currentTimeMillis() < deadline) {
                found = Boolean.TRUE.equals(console.getValue().executeScript("return Array.from(document.querySelectorAll("
                        + "'#traces\\\\:grid tbody tr.mt-row .mt-presented')).some(c => c.textContent.indexOf('soak-probe-"
                        + key + ".') >= 0);"));
                if (!found) {
                    Bench.sleep(200);
                }
            }
            all &= found;
            arrived.append(String.format(" %s: %s;", console.getKey(), found ? "yes" : "NO"));
        }
        report.append(String.format("reproduction          %.0f reports/s for 30 s over one connection; pushes %.0f -> %.0f; "
                + "probe after it reached:%s%n", wrk.requestsPerSecond(), pushesBefore, pushesAfter, arrived));
        if (!all || pushesAfter <= pushesBefore) {
            report.append("reproduction          FROZE\n");
        }
    }

    private static long startMillis(long startNanos) {
        return System.currentTimeMillis() - (System.nanoTime() - startNanos) / 1_000_000;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Long> seen(ChromeDriver console) {
        Map<String, Object> raw = (Map<String, Object>) console.executeScript("return window.__soak.seen;");
        Map<String, Long> seen = new LinkedHashMap<>();
        raw.forEach((k, v) -> seen.put(k, ((Number) v).longValue()));
        return seen;
    }

    private void singles(long count) {
        for (int i = 0; i < count; i++) {
            long n = sent.incrementAndGet();
            int c = (int) (n % Bench.SEEDED);
            String body = n % HOSTILE_EVERY == 0 ? hostile(n)
                    : Bench.report(Bench.redirectUri(c), Bench.resourceUrl(c), "client-" + c);
            post(Bench.INGEST, body);
        }
    }

    private static String hostile(long n) {
        String h = HOSTILE[(int) (n / HOSTILE_EVERY % HOSTILE.length)];
        String quoted = jsonString(h);
        // the client IP must be an address (anything else is refused with 400); every other member is traced as given
        return "{\"clientIp\":\"203.0.113.66\",\"redirectUri\":" + jsonString("https://hostile.example/cb?x=" + h)
                + ",\"resource\":" + jsonString(h) + ",\"clientId\":" + quoted + ",\"requestId\":" + quoted + "}";
    }

    private void batch() {
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < BATCH_SIZE; i++) {
            int c = i % Bench.SEEDED;
            body.append(i == 0 ? "" : ",").append(Bench.report(Bench.redirectUri(c), Bench.resourceUrl(c), "client-" + c));
        }
        batches.incrementAndGet();
        post(Bench.BATCH, body.append(']').toString());
    }

    /** As nginx calls it (auth_request with X-Original-URI); the gateway's token in X-Mcptrace-Token. */
    private void forwardAuth() {
        if (!inFlight.tryAcquire()) {
            notSent.incrementAndGet();
            return;
        }
        long n = forwardAuths.incrementAndGet();
        int c = (int) (n % Bench.SEEDED);
        String query = "/authorize?response_type=code&client_id=client-" + c + "&redirect_uri="
                + URLEncoder.encode(Bench.redirectUri(c), StandardCharsets.UTF_8) + "&resource="
                + URLEncoder.encode(Bench.resourceUrl(c), StandardCharsets.UTF_8) + "&code_challenge=x&state=" + n;
        Bench.HTTP.sendAsync(HttpRequest.newBuilder(URI.create(Bench.BASE + "/api/v1/forward-auth"))
                        .header("X-Mcptrace-Token", Bench.TOKEN).header("X-Original-URI", query)
                        .header("X-Forwarded-For", "203.0.113.8").GET().build(), HttpResponse.BodyHandlers.discarding())
                .whenComplete((r, e) -> {
                    inFlight.release();
                    if (e != null || r.statusCode() >= 500) {
                        failed.incrementAndGet();
                    }
                });
    }

    /**
     * A probe is sent whatever the load generator's backlog, and counts once the server has accepted it (201): from
     * then on it must reach the filtered console. Its time is taken before sending, so the delay includes the POST.
     */
    private void probe(String key) {
        long at = System.currentTimeMillis();
        HttpResponse<String> answer;
        try {
            answer = Bench.post(Bench.INGEST, "{\"clientIp\":\"203.0.113.9\",\"redirectUri\":\"https://soak-probe-" + key
                    + ".bench.example.com/cb\",\"resource\":\"https://mcp-1.bench.example.com/mcp\"}");
        } catch (RuntimeException e) {
            probesRefused.incrementAndGet();
            return;
        }
        if (answer.statusCode() == 201) {
            probes.put(key, at);
        } else {
            probesRefused.incrementAndGet();
        }
    }

    private void post(String path, String body) {
        if (!inFlight.tryAcquire()) {
            notSent.incrementAndGet();
            return;
        }
        Bench.HTTP.sendAsync(HttpRequest.newBuilder(URI.create(Bench.BASE + path))
                        .header("Content-Type", "application/json").header("Authorization", "Bearer " + Bench.TOKEN)
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding())
                .whenComplete((r, e) -> {
                    inFlight.release();
                    if (e != null || r.statusCode() >= 300) {
                        failed.incrementAndGet();
                    }
                });
    }

    private static String jsonString(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (ch < 0x20) {
                        out.append(String.format("\\u%04x", (int) ch));
                    } else {
                        out.append(ch);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** What the server and the SSE client said at one moment. */
    record Sample(double seconds, double ingested, double pushes, double viewers, double loopFailures, int health,
                  long sse, double sseDropped, double sseSkipped, double heapBytes) {

        static Sample take(double seconds, long sse) {
            Map<String, Double> m = Bench.metrics();
            int health;
            try {
                health = Bench.HTTP.send(HttpRequest.newBuilder(URI.create(Bench.BASE + "/health")).GET().build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (Exception e) {
                health = -1;
            }
            return new Sample(seconds, Bench.metric(m, "mcptrace_ingested_requests_total", null),
                    Bench.metric(m, "mcptrace_pushes", null), Bench.metric(m, "mcptrace_viewers_connected", null),
                    Bench.metric(m, "mcptrace_loop_failures", null), health, sse,
                    Bench.metric(m, "mcptrace_stream_clients_dropped", null),
                    Bench.metric(m, "mcptrace_stream_entries_skipped", null),
                    Bench.metric(m, "memory_usedHeap_bytes", null));
        }
    }

    /** Rates over a run of samples. */
    record Window(double ingestedPerSecond, double pushesPerSecond, double ssePerSecond, double heapMegabytes) {

        static Window of(List<Sample> s) {
            Sample a = s.get(0);
            Sample b = s.get(s.size() - 1);
            double t = b.seconds - a.seconds;
            double heap = s.stream().mapToDouble(Sample::heapBytes).average().orElse(Double.NaN) / 1e6;
            return new Window((b.ingested - a.ingested) / t, (b.pushes - a.pushes) / t, (b.sse - a.sse) / t, heap);
        }
    }
}
