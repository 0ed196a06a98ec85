package org.mcptrace.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * From POST to row visible in a real Chromium, while background traffic is ingested at a steady rate.
 *
 * <p>Both ends are timed on the page's own clock, so no clock correlation is involved: the page itself sends a probe
 * report (fetch, after noting performance.now()) and a MutationObserver notes when the probe's row enters the grid,
 * then a requestAnimationFrame callback when the frame holding it is drawn. The screen is filtered to the probes
 * (?q=probe-, as an operator watching one client would), because at 1,000 entries/s a 50-row page shows any one
 * entry only until the next refresh; the page still refreshes on every push, so the full cost of the background
 * traffic lands on it. Responsiveness: long tasks (PerformanceObserver) and the longest gap between frames.
 */
public final class PushBenchmark {

    static final int RATE = Integer.getInteger("bench.rate", 1000);
    static final int PROBES = Integer.getInteger("bench.probes", 300);
    static final int PROBE_INTERVAL_MS = Integer.getInteger("bench.probeIntervalMs", 200);
    static final boolean UNFILTERED_VIEWER = Boolean.parseBoolean(System.getProperty("bench.unfilteredViewer", "true"));

    private static final String INSTRUMENT = """
            const b = window.__bench = {sent: {}, seen: {}, painted: {}, acked: {}, longTasks: [], refreshes: 0,
                frames: 0, maxGap: 0, gapsOver50: 0, started: performance.now()};
            try {
              new PerformanceObserver(l => l.getEntries().forEach(e => b.longTasks.push(e.duration)))
                  .observe({entryTypes: ['longtask']});
            } catch (e) { b.longTaskError = String(e); }
            let last = performance.now();
            (function frame(now) {
              b.frames++;
              const gap = now - last;
              if (gap > b.maxGap) { b.maxGap = gap; }
              if (gap > 50) { b.gapsOver50++; }
              last = now;
              requestAnimationFrame(frame);
            })(performance.now());
            new MutationObserver(() => {
              const now = performance.now();
              b.refreshes++;
              const cells = document.querySelectorAll('#traces\\\\:grid tbody tr.mt-row .mt-presented');
              for (const cell of cells) {
                const text = cell.textContent;
                const at = text.indexOf('probe-');
                if (at < 0) { continue; }
                const key = text.substring(at + 6, text.indexOf('.', at));
                if (b.sent[key] !== undefined && b.seen[key] === undefined) {
                  b.seen[key] = now;
                  requestAnimationFrame(() => { b.painted[key] = performance.now(); });
                }
              }
            }).observe(document.body, {childList: true, subtree: true});
            """;

    private static final String PROBE = """
            const b = window.__bench, count = arguments[0], every = arguments[1], token = arguments[2];
            let k = 0;
            const timer = setInterval(() => {
              const key = 'p' + (k++);
              b.sent[key] = performance.now();
              fetch('/api/v1/authorization-requests', {method: 'POST', headers: {'Content-Type': 'application/json', 'Authorization': 'Bearer ' + token},
                  body: JSON.stringify({clientIp: '203.0.113.9', redirectUri: 'https://probe-' + key
                      + '.bench.example.com/cb', resource: 'https://mcp-1.bench.example.com/mcp'})})
                .then(r => { b.acked[key] = performance.now(); });
              if (k >= count) { clearInterval(timer); b.lastSentAt = performance.now(); }
            }, every);
            """;

    public static void main(String[] args) throws Exception {
        Bench.seed();
        AtomicLong sent = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        ScheduledExecutorService load = Executors.newSingleThreadScheduledExecutor();
        ChromeDriver driver = Viewers.signedIn();
        // a second operator watches everything, unfiltered: every push to it carries a page of rows, drawn by its page
        // on the same two cores, so the measured tab does not enjoy an idle machine
        ChromeDriver unfiltered = UNFILTERED_VIEWER ? Viewers.tracingScreen() : null;
        StringBuilder report = new StringBuilder();
        try {
            driver.get(Bench.BASE + "/?q=probe-");
            Bench.sleep(3000);
            int perTick = Math.max(1, RATE / 100);
            String[] bodies = new String[Bench.SEEDED];
            for (int i = 0; i < bodies.length; i++) {
                bodies[i] = Bench.report(Bench.redirectUri(i), Bench.resourceUrl(i), "client-" + i);
            }
            // background traffic: RATE/100 reports every 10 ms, asynchronously, so a slow answer does not lower the
            // rate; at most 32 in flight (32 connections), and a report that finds none free is counted as not sent
            java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(32);
            load.scheduleAtFixedRate(() -> {
                for (int i = 0; i < perTick; i++) {
                    if (!inFlight.tryAcquire()) {
                        failed.incrementAndGet();
                        continue;
                    }
                    long n = sent.incrementAndGet();
                    Bench.HTTP.sendAsync(HttpRequest.newBuilder(URI.create(Bench.BASE + Bench.INGEST))
                                    .header("Content-Type", "application/json")
                                    .header("Authorization", "Bearer " + Bench.TOKEN)
                                    .POST(HttpRequest.BodyPublishers.ofString(bodies[(int) (n % bodies.length)])).build(),
                            HttpResponse.BodyHandlers.discarding())
                            .whenComplete((r, e) -> {
                                inFlight.release();
                                if (e != null || r.statusCode() != 201) {
                                    failed.incrementAndGet();
                                }
                            });
                }
            }, 0, 10, TimeUnit.MILLISECONDS);
            Bench.sleep(10_000);
            double ingestedBefore = Bench.metric(Bench.metrics(), "mcptrace_ingested_requests_total", null);
            long startNanos = System.nanoTime();
            driver.executeScript(INSTRUMENT);
            driver.executeScript(PROBE, PROBES, PROBE_INTERVAL_MS, Bench.TOKEN);
            // a busy page fires its timer late, so wait for the last probe to go out, then give it 3 s to arrive
            Bench.sleep((long) PROBES * PROBE_INTERVAL_MS);
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (driver.executeScript("return window.__bench.lastSentAt;") == null && System.nanoTime() < deadline) {
                Bench.sleep(100);
            }
            Bench.sleep(3000);
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            double ingestedAfter = Bench.metric(Bench.metrics(), "mcptrace_ingested_requests_total", null);
            @SuppressWarnings("unchecked")
            Map<String, Object> b = (Map<String, Object>) driver.executeScript(
                    "window.__bench.readAt = performance.now(); return window.__bench;");
            Map<String, Object> sentAt = map(b.get("sent"));
            Map<String, Object> seen = map(b.get("seen"));
            Map<String, Object> painted = map(b.get("painted"));
            Map<String, Object> acked = map(b.get("acked"));
            List<Double> toRow = new ArrayList<>();
            List<Double> toPaint = new ArrayList<>();
            List<Double> toAck = new ArrayList<>();
            int missing = 0;
            List<String> unseen = new ArrayList<>();
            double now = number(b.get("readAt"));
            for (Map.Entry<String, Object> e : sentAt.entrySet()) {
                double t0 = number(e.getValue());
                if (acked.containsKey(e.getKey())) {
                    toAck.add(number(acked.get(e.getKey())) - t0);
                }
                if (!seen.containsKey(e.getKey())) {
                    missing++;
                    // a probe sent in the run's last moments may simply not have arrived yet; say which it was
                    unseen.add(String.format("%s sent %.0f ms before the read, %s", e.getKey(), now - t0,
                            acked.containsKey(e.getKey()) ? "answered" : "not answered"));
                    continue;
                }
                toRow.add(number(seen.get(e.getKey())) - t0);
                if (painted.containsKey(e.getKey())) {
                    toPaint.add(number(painted.get(e.getKey())) - t0);
                }
            }
            List<Double> longTasks = new ArrayList<>();
            for (Object o : (List<?>) b.get("longTasks")) {
                longTasks.add(number(o));
            }
            double rate = (ingestedAfter - ingestedBefore) / seconds;
            report.append(String.format("background ingestion  %.0f entries/s measured over %.0f s (target rate %d/s, %d not sent or failed)%n",
                    rate, seconds, RATE, failed.get()));
            report.append(String.format("probes                %d sent, %d rows seen, %d never seen%n", sentAt.size(),
                    toRow.size(), missing));
            for (String probe : unseen) {
                report.append("  never seen: ").append(probe).append('\n');
            }
            report.append(String.format("POST answered         p50 %.0f ms, p95 %.0f ms%n", Bench.percentile(toAck, 50),
                    Bench.percentile(toAck, 95)));
            report.append(String.format("POST to row in DOM    p50 %.0f ms, p95 %.0f ms, p99 %.0f ms, max %.0f ms%n",
                    Bench.percentile(toRow, 50), Bench.percentile(toRow, 95), Bench.percentile(toRow, 99),
                    Bench.percentile(toRow, 100)));
            report.append(String.format("POST to row painted   p50 %.0f ms, p95 %.0f ms, p99 %.0f ms (target p95 < 250 ms)%n",
                    Bench.percentile(toPaint, 50), Bench.percentile(toPaint, 95), Bench.percentile(toPaint, 99)));
            double pageSeconds = seconds;
            report.append(String.format("page                  %.1f DOM updates/s for %.0f entries/s (coalesced %.0f:1); "
                            + "%d long tasks, %.0f ms in them; longest frame gap %.0f ms, %s gaps over 50 ms, %s frames%n",
                    number(b.get("refreshes")) / pageSeconds, rate, rate / Math.max(1, number(b.get("refreshes")) / pageSeconds),
                    longTasks.size(), longTasks.stream().mapToDouble(Double::doubleValue).sum(), number(b.get("maxGap")),
                    b.get("gapsOver50"), b.get("frames")));
            Map<String, Double> metrics = Bench.metrics();
            report.append(String.format("server                push lag (last) %.0f ms, pushes %.0f, viewers %.0f%n",
                    Bench.metric(metrics, "mcptrace_push_lag_milliseconds", null),
                    Bench.metric(metrics, "mcptrace_pushes", null),
                    Bench.metric(metrics, "mcptrace_viewers_connected", null)));
            if (unfiltered != null) {
                report.append(String.format("unfiltered viewer     %s rows on its page, counters at %s entries shown%n",
                        unfiltered.executeScript("return document.querySelectorAll('#traces\\\\:grid_data > tr.mt-row').length;"),
                        unfiltered.executeScript("return document.getElementById('live:shown').textContent;")));
            }
        } finally {
            load.shutdownNow();
            driver.quit();
            if (unfiltered != null) {
                unfiltered.quit();
            }
        }
        System.out.print(report);
        Bench.write("push-summary.txt", report.toString());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o == null ? Map.of() : (Map<String, Object>) o;
    }

    private static double number(Object o) {
        return o == null ? Double.NaN : ((Number) o).doubleValue();
    }
}
