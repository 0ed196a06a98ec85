package org.mcptrace.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Heap in use after 10,000 and after 1,000,000 ingested reports. Each reading follows two full collections forced
 * with jcmd (the server's JVM, found by run.sh), so what is measured is live data, not garbage awaiting collection.
 */
public final class MemoryBenchmark {

    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    public static void main(String[] args) throws Exception {
        String pid = System.getProperty("bench.serverPid");
        if (pid == null || pid.isBlank()) {
            throw new IllegalStateException("-Dbench.serverPid is required (run.sh finds the Liberty JVM)");
        }
        Bench.seed();
        String batch = batch();
        AtomicLong ingested = new AtomicLong();
        ingest(batch, 10_000, ingested);
        double small = usedMiB(pid);
        double smallBuffer = Bench.metric(Bench.metrics(), "mcptrace_buffer_entries", null);
        long t0 = System.nanoTime();
        ingest(batch, 1_000_000, ingested);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double large = usedMiB(pid);
        double largeBuffer = Bench.metric(Bench.metrics(), "mcptrace_buffer_entries", null);
        String report = String.format("""
                after %,d ingested   heap used %.1f MiB (buffer holds %.0f)
                after %,d ingested heap used %.1f MiB (buffer holds %.0f); ingested at %.0f entries/s
                growth %.1f%% (target within 10%%)
                """, 10_000, small, smallBuffer, ingested.get(), large, largeBuffer, 990_000 / seconds,
                100 * (large - small) / small);
        System.out.print(report);
        Bench.write("memory-summary.txt", report);
    }

    private static String batch() {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < 1000; i++) {
            int c = i % Bench.SEEDED;
            json.append(i == 0 ? "" : ",").append(Bench.report(i % 5 == 3 ? Bench.redirectUri(c) + "/"
                    : Bench.redirectUri(c), Bench.resourceUrl(c), "client-" + c));
        }
        return json.append(']').toString();
    }

    private static void ingest(String batch, long upTo, AtomicLong ingested) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                running.add(pool.submit(() -> {
                    while (ingested.getAndAdd(1000) < upTo) {
                        int status = Bench.post(Bench.BATCH, batch).statusCode();
                        if (status != 200) {
                            throw new IllegalStateException("batch answered " + status);
                        }
                    }
                    ingested.addAndGet(-1000);
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    private static double usedMiB(String pid) throws Exception {
        List<Double> readings = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            jcmd(pid, "GC.run");
            jcmd(pid, "GC.run");
            Matcher m = USED.matcher(jcmd(pid, "GC.heap_info"));
            if (!m.find()) {
                throw new IllegalStateException("no heap figure from jcmd");
            }
            readings.add(Long.parseLong(m.group(1)) / 1024.0);
            Bench.sleep(1000);
        }
        return Bench.median(readings);
    }

    private static String jcmd(String pid, String command) throws Exception {
        Process p = new ProcessBuilder("jcmd", pid, command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }
}
