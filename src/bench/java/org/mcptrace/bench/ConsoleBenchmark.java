package org.mcptrace.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.devtools.Command;
import org.openqa.selenium.devtools.DevTools;
import org.openqa.selenium.devtools.Event;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What the tracing screen costs the operator's browser: CPU time, not latency, so the figure holds on a loaded
 * machine. Chromium (the flags of the browser tests) shows the tracing screen while single reports are ingested at
 * fixed rates (an open loop); each phase is measured twice over:
 * <ul>
 * <li>the CPU time (user + system, from /proc) of every process of that browser, the renderer and the GPU process
 * apart;</li>
 * <li>the page's own split from DevTools {@code Performance.getMetrics} in thread time: tasks, script, layout, style
 * recalculation, and how many layouts and recalculations ran.</li>
 * </ul>
 * Baselines in the same run: the same page at rest (before and after the load), and, with {@code -Dbench.before=DIR}
 * (run.sh puts there the previous live.js and console.css), a second browser on the same screen at the same time that
 * is served those files instead of the current ones (DevTools Fetch), so both see the same pushes on the same loaded
 * machine. A live view's cost is reported per second, as a multiple of the page at rest, per draw and per 1,000
 * entries pushed, and the current page's as a fraction of the previous one's.
 */
public final class ConsoleBenchmark {

    static final List<Integer> RATES = List.of(System.getProperty("bench.rates", "500,2000").split(","))
            .stream().map(String::strip).map(Integer::valueOf).toList();
    static final int SECONDS = Integer.getInteger("bench.seconds", 20);
    static final int WARM_UP = Integer.getInteger("bench.warmUpSeconds", 15);
    static final String BEFORE = System.getProperty("bench.before", "");
    /** true: a DevTools trace of each browser for 5 s at the first rate: thread time by process, thread and kind of work. */
    static final boolean TRACE = Boolean.getBoolean("bench.trace");
    static final int TRACED_SECONDS = 5;
    /** Clock ticks per second of /proc/PID/stat's utime and stime (USER_HZ, 100 on Linux). */
    private static final double TICKS = 100.0;
    private static final int IN_FLIGHT = 32;
    private static final List<String> SPLIT = List.of("TaskDuration", "ScriptDuration", "LayoutDuration",
            "RecalcStyleDuration", "LayoutCount", "RecalcStyleCount");
    // counts the grid's changes, one per batch of mutations: how often the page drew what it was pushed
    private static final String COUNT_DRAWS = """
            window.__draws = 0;
            new MutationObserver(() => window.__draws++)
                .observe(document.getElementById('traces'), {childList: true, subtree: true});
            """;

    /** One browser on the tracing screen, and the chromedriver process its browser processes descend from. */
    record Screen(String name, ChromeDriver driver, long chromedriver) {
    }

    record Sample(long nanos, double cpu, double renderer, double gpu, Map<String, Double> page, long pushed, long draws) {
    }

    record Phase(String name, Screen screen, double rate, Sample from, Sample to) {
        double seconds() {
            return (to.nanos - from.nanos) / 1e9;
        }

        /** Browser CPU, all processes, in cores (seconds of CPU per second). */
        double cores() {
            return (to.cpu - from.cpu) / seconds();
        }

        double rendererCores() {
            return (to.renderer - from.renderer) / seconds();
        }

        /** The GPU process: without a GPU (--disable-gpu, as here) it composites the frames in software. */
        double gpuCores() {
            return (to.gpu - from.gpu) / seconds();
        }

        double perSecond(String metric) {
            return (to.page.getOrDefault(metric, 0.0) - from.page.getOrDefault(metric, 0.0)) / seconds();
        }

        double entriesPerSecond() {
            return (to.pushed - from.pushed) / seconds();
        }

        double drawsPerSecond() {
            return (to.draws - from.draws) / seconds();
        }

        @Override
        public String toString() {
            return String.format("%-14s %-7s %5.0f reports/s offered, pushed %5.0f entries/s in %4.1f draws/s: Chromium"
                    + " %5.1f%% of a core (renderer %5.1f%%, GPU process %4.1f%%); page per second: tasks %4.0f ms, script %4.0f ms, layout"
                    + " %4.0f ms (%2.0f), style %4.0f ms (%2.0f)", name, screen.name(), rate, entriesPerSecond(),
                    drawsPerSecond(), 100 * cores(), 100 * rendererCores(), 100 * gpuCores(), 1000 * perSecond("TaskDuration"),
                    1000 * perSecond("ScriptDuration"), 1000 * perSecond("LayoutDuration"), perSecond("LayoutCount"),
                    1000 * perSecond("RecalcStyleDuration"), perSecond("RecalcStyleCount"));
        }
    }

    public static void main(String[] args) throws Exception {
        Bench.seed();
        List<Screen> screens = new ArrayList<>();
        StringBuilder report = new StringBuilder();
        try {
            screens.add(open("now", Map.of()));
            if (!BEFORE.isEmpty()) {
                screens.add(open("before", Map.of(
                        "/live.js", Files.readString(Path.of(BEFORE, "live.js")),
                        "/console.css", Files.readString(Path.of(BEFORE, "console.css")))));
            }
            System.out.println("warm-up (not counted)");
            load(screens, RATES.get(0), WARM_UP, "warm-up");
            List<List<Phase>> phases = new ArrayList<>();
            phases.add(rest(screens, "at rest"));
            for (int rate : RATES) {
                // every browser traced in the same seconds, so their splits compare as their totals do
                List<CompletableFuture<String>> traced = TRACE && rate == RATES.get(0)
                        ? screens.stream().map(s -> CompletableFuture.supplyAsync(() -> trace(s))).toList() : List.of();
                phases.add(load(screens, rate, SECONDS, "live " + rate + "/s"));
                for (CompletableFuture<String> each : traced) {
                    report.append(each.get());
                }
            }
            phases.add(rest(screens, "at rest again"));
            phases.forEach(each -> each.forEach(phase -> report.append(phase).append('\n')));
            for (int s = 0; s < screens.size(); s++) {
                double rest = (phases.get(0).get(s).cores() + phases.get(phases.size() - 1).get(s).cores()) / 2;
                report.append(String.format("%-22s the page at rest: %.1f%% of a core (mean of before and after)%n",
                        screens.get(s).name(), 100 * rest));
                for (List<Phase> each : phases) {
                    Phase phase = each.get(s);
                    if (phase.rate() > 0) {
                        report.append(String.format("%-14s %-7s %5.1fx the page at rest: %4.1f%% of a core added, %4.1f ms"
                                + " of browser CPU per draw, %4.0f ms per 1,000 entries pushed%n", phase.name(),
                                screens.get(s).name(), phase.cores() / rest, 100 * (phase.cores() - rest),
                                1000 * phase.cores() / phase.drawsPerSecond(),
                                1000 * (phase.cores() - rest) / phase.entriesPerSecond() * 1000));
                    }
                }
            }
            if (screens.size() == 2) {
                for (List<Phase> each : phases) {
                    if (each.get(0).rate() > 0) {
                        Phase now = each.get(0);
                        Phase before = each.get(1);
                        report.append(String.format("%-14s now / before: %.2f of the CPU per second, %.2f per draw"
                                + " (before: %s)%n", now.name(), now.cores() / before.cores(),
                                (now.cores() / now.drawsPerSecond()) / (before.cores() / before.drawsPerSecond()),
                                BEFORE));
                    }
                }
            }
        } finally {
            Viewers.quit(screens.stream().map(Screen::driver).toList());
        }
        System.out.println();
        System.out.print(report);
        Bench.write("console-summary.txt", report.toString());
    }

    /**
     * A browser on the tracing screen; {@code replaced} maps the end of a resource's name (live.js, console.css) to the
     * text served for it instead of the server's.
     */
    private static Screen open(String name, Map<String, String> replaced) {
        Set<Long> before = chromedrivers();
        ChromeDriver driver = Viewers.signedIn();
        long chromedriver = chromedrivers().stream().filter(pid -> !before.contains(pid)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no chromedriver process found for " + name));
        Set<String> served = serve(driver, replaced);
        driver.get(Bench.BASE + "/");
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(ExpectedConditions.textToBe(By.id("connection"), "Live"));
        if (!served.containsAll(replaced.keySet())) {
            throw new IllegalStateException(name + " was not served " + replaced.keySet() + ", only " + served);
        }
        // thread time: what the page's main thread ran, not how long it waited for a core
        driver.executeCdpCommand("Performance.enable", Map.of("timeDomain", "threadTicks"));
        driver.executeScript(COUNT_DRAWS);
        return new Screen(name, driver, chromedriver);
    }

    private static Set<Long> chromedrivers() {
        return ProcessHandle.current().children()
                .filter(p -> p.info().command().orElse("").endsWith("chromedriver"))
                .map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    /** What of {@code replaced} the page has been served so far. */
    @SuppressWarnings("unchecked")
    private static Set<String> serve(ChromeDriver driver, Map<String, String> replaced) {
        Set<String> served = java.util.concurrent.ConcurrentHashMap.newKeySet();
        if (replaced.isEmpty()) {
            return served;
        }
        // the sign-in page already loaded console.css: from the cache it would never reach the interception
        driver.executeCdpCommand("Network.enable", Map.of());
        driver.executeCdpCommand("Network.setCacheDisabled", Map.of("cacheDisabled", true));
        DevTools devTools = driver.getDevTools();
        devTools.createSessionIfThereIsNotOne();
        devTools.addListener(new Event<>("Fetch.requestPaused", in -> (Map<String, Object>) in.read(Map.class)), paused -> {
            String path = URI.create(String.valueOf(((Map<String, Object>) paused.get("request")).get("url"))).getPath()
                    .replaceFirst("\\.xhtml$", "");
            Map.Entry<String, String> file = replaced.entrySet().stream().filter(e -> path.endsWith(e.getKey()))
                    .findFirst().orElse(null);
            if (file == null) {
                devTools.send(new Command<>("Fetch.continueRequest", Map.of("requestId", paused.get("requestId"))));
                return;
            }
            served.add(file.getKey());
            devTools.send(new Command<>("Fetch.fulfillRequest", Map.of("requestId", paused.get("requestId"),
                    "responseCode", 200, "responseHeaders", List.of(Map.of("name", "Content-Type", "value",
                            file.getKey().endsWith(".css") ? "text/css" : "text/javascript")),
                    "body", Base64.getEncoder().encodeToString(file.getValue().getBytes(StandardCharsets.UTF_8)))));
        });
        devTools.send(new Command<>("Fetch.enable", Map.of("patterns", replaced.keySet().stream()
                .map(end -> Map.of("urlPattern", "*/jakarta.faces.resource" + end + "*")).toList())));
        return served;
    }

    private static List<Phase> rest(List<Screen> screens, String name) {
        List<Sample> from = screens.stream().map(ConsoleBenchmark::sample).toList();
        Bench.sleep(SECONDS * 1000L);
        List<Phase> phases = new ArrayList<>();
        for (int s = 0; s < screens.size(); s++) {
            phases.add(new Phase(name, screens.get(s), 0, from.get(s), sample(screens.get(s))));
            System.out.println(phases.get(s));
        }
        return phases;
    }

    /**
     * Ingests {@code rate} reports a second for {@code seconds}, one in ten an Error, timed as an open loop but with at
     * most {@link #IN_FLIGHT} reports unanswered: a server that falls behind gets fewer (the offered rate says so), not
     * thousands of connections.
     */
    private static List<Phase> load(List<Screen> screens, int rate, int seconds, String name) throws Exception {
        int total = rate * seconds;
        long interval = 1_000_000_000L / rate;
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        AtomicInteger errors = new AtomicInteger();
        List<CompletableFuture<?>> pending = new ArrayList<>(total);
        List<Sample> from = screens.stream().map(ConsoleBenchmark::sample).toList();
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long wait = start + i * interval - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            inFlight.acquire();
            int c = i % Bench.SEEDED;
            String body = Bench.report(i % 10 == 9 ? "https://unknown-" + i + ".example.com/cb" : Bench.redirectUri(c),
                    Bench.resourceUrl(c), "client-" + c);
            pending.add(Bench.HTTP.sendAsync(HttpRequest.newBuilder(URI.create(Bench.BASE + Bench.INGEST))
                    .header("Content-Type", "application/json").header("Authorization", Bench.authorization(Bench.INGEST))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding())
                    .handle((response, failure) -> {
                        inFlight.release();
                        if (failure != null || response.statusCode() >= 300) {
                            errors.incrementAndGet();
                        }
                        return null;
                    }));
        }
        double offered = total / ((System.nanoTime() - start) / 1e9);
        List<Phase> phases = new ArrayList<>();
        for (int s = 0; s < screens.size(); s++) {
            phases.add(new Phase(name, screens.get(s), offered, from.get(s), sample(screens.get(s))));
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        phases.forEach(System.out::println);
        if (errors.get() > 0) {
            System.out.println(errors.get() + " reports failed");
        }
        return phases;
    }

    private static Sample sample(Screen screen) {
        double cpu = 0;
        double renderer = 0;
        double gpu = 0;
        // only this browser's processes, never another Chromium on the machine
        for (ProcessHandle process : ProcessHandle.of(screen.chromedriver()).map(p -> p.descendants().toList())
                .orElse(List.of())) {
            double seconds = cpuSeconds(process.pid());
            cpu += seconds;
            String cmdline = cmdline(process.pid());
            if (cmdline.contains("--type=renderer")) {
                renderer += seconds;
            } else if (cmdline.contains("--type=gpu-process")) {
                gpu += seconds;
            }
        }
        Map<String, Double> page = new HashMap<>();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> metrics = (List<Map<String, Object>>) screen.driver()
                .executeCdpCommand("Performance.getMetrics", Map.of()).get("metrics");
        for (Map<String, Object> metric : metrics) {
            if (SPLIT.contains((String) metric.get("name"))) {
                page.put((String) metric.get("name"), ((Number) metric.get("value")).doubleValue());
            }
        }
        @SuppressWarnings("unchecked")
        List<Number> counted = (List<Number>) screen.driver().executeScript(
                "return [Number(document.body.getAttribute('data-pushed')) || 0, window.__draws || 0]");
        return new Sample(System.nanoTime(), cpu, renderer, gpu, page, counted.get(0).longValue(), counted.get(1).longValue());
    }

    /**
     * Where the browser's CPU goes, from a DevTools trace of {@link #TRACED_SECONDS} s: thread time by process, by
     * thread, and by trace event as self time (an event's own time, less the events nested in it on its thread), so
     * the lines add up to the thread's total. Tracing costs CPU itself: the phase it runs in is not comparable with the
     * others.
     */
    @SuppressWarnings("unchecked")
    private static String trace(Screen screen) {
        ChromeDriver driver = screen.driver();
        Bench.sleep(3000);
        DevTools devTools = driver.getDevTools();
        devTools.createSessionIfThereIsNotOne();
        List<Map<String, Object>> events = java.util.Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Void> complete = new CompletableFuture<>();
        devTools.addListener(new Event<>("Tracing.dataCollected", in -> (Map<String, Object>) in.read(Map.class)),
                data -> events.addAll((List<Map<String, Object>>) data.get("value")));
        devTools.addListener(new Event<>("Tracing.tracingComplete", in -> in.read(Map.class)),
                ignored -> complete.complete(null));
        devTools.send(new Command<>("Tracing.start", Map.of("categories", "toplevel,devtools.timeline,"
                + "disabled-by-default-devtools.timeline,blink,cc,viz,gpu,v8,renderer.scheduler", "transferMode",
                "ReportEvents")));
        long draws = ((Number) driver.executeScript("return window.__draws || 0")).longValue();
        Bench.sleep(TRACED_SECONDS * 1000L);
        draws = ((Number) driver.executeScript("return window.__draws || 0")).longValue() - draws;
        devTools.send(new Command<>("Tracing.end", Map.of()));
        complete.orTimeout(60, TimeUnit.SECONDS).join();
        List<Map<String, Object>> collected;
        synchronized (events) {
            collected = new ArrayList<>(events);
        }
        return Trace.of(collected).summary(TRACED_SECONDS, draws, "trace of " + TRACED_SECONDS + " s at "
                + RATES.get(0) + "/s (" + screen.name() + ")");
    }

    private static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // fields after the command name, which is in parentheses and may hold spaces: utime and stime are 14, 15
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS;
        } catch (IOException | RuntimeException e) {
            return 0; // the process ended between listing and reading
        }
    }

    private static String cmdline(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return ""; // ended meanwhile
        }
    }
}
