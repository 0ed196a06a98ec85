package org.mcptrace.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs Debian's wrk and reads its summary. wrk rather than a Java client because the load generator shares the two
 * cores with the server: wrk's event loop costs a fraction of what a JVM client would, and it costs the same for the
 * baseline and for ingestion, so the ratio stays fair.
 */
final class Wrk {

    record Result(String label, double requestsPerSecond, Map<String, Double> latencyMillis, long requests,
            long non2xx, String errors) {

        double p(String percentile) {
            return latencyMillis.getOrDefault(percentile, Double.NaN);
        }
    }

    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern TOTAL = Pattern.compile("(\\d+) requests in");
    private static final Pattern NON2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
    private static final Pattern ERRORS = Pattern.compile("Socket errors:([^\\n]*)");
    private static final Pattern LATENCY = Pattern.compile("^\\s+(50|75|90|99)%\\s+([0-9.]+)(us|ms|s)\\s*$",
            Pattern.MULTILINE);

    private final Path scripts;

    Wrk(Path scripts) {
        this.scripts = scripts;
    }

    Result run(String label, String script, String path, int connections, int seconds) {
        return runWith(label, script, path, 2, connections, seconds);
    }

    Result runWith(String label, String script, String path, int threads, int connections, int seconds) {
        return runAgainst(Bench.BASE, label, script, path, threads, connections, seconds);
    }

    /** The same against another server than the benchmarks' own ({@code base} without a trailing slash). */
    Result runAgainst(String base, String label, String script, String path, int threads, int connections, int seconds) {
        List<String> command = new ArrayList<>(List.of("wrk", "-t" + threads, "-c" + connections, "-d" + seconds + "s",
                "--latency", "--timeout", "10s", "-s", scripts.resolve(script).toString(), base + path));
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            // the scripts send what the Java side would send to the same path
            builder.environment().put("BENCH_AUTHORIZATION", Bench.authorization(path));
            Process process = builder.start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor();
            Matcher rps = RPS.matcher(out);
            if (!rps.find()) {
                throw new IllegalStateException("wrk gave no result:\n" + out);
            }
            Map<String, Double> latency = new LinkedHashMap<>();
            Matcher m = LATENCY.matcher(out);
            while (m.find()) {
                double value = Double.parseDouble(m.group(2));
                latency.put(m.group(1), switch (m.group(3)) {
                    case "us" -> value / 1000;
                    case "s" -> value * 1000;
                    default -> value;
                });
            }
            Matcher total = TOTAL.matcher(out);
            Matcher non2xx = NON2XX.matcher(out);
            Matcher errors = ERRORS.matcher(out);
            Result result = new Result(label, Double.parseDouble(rps.group(1)), latency,
                    total.find() ? Long.parseLong(total.group(1)) : 0, non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0,
                    errors.find() ? errors.group(1).trim() : "");
            System.out.printf("  %-28s %10.0f req/s  p50 %7.2f ms  p90 %7.2f ms  p99 %7.2f ms  non-2xx %d %s%n", label,
                    result.requestsPerSecond(), result.p("50"), result.p("90"), result.p("99"), result.non2xx(),
                    result.errors().isEmpty() ? "" : "socket errors:" + result.errors());
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
