package org.mcptrace.bench;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * From liberty:run's server start to ready, three times. "Start" is Liberty's CWWKE0001I (the server JVM launched);
 * "ready" is CWWKF0011I (all applications and features up), both from messages.log, so Maven's own start-up and
 * the runtime check it does are not counted; the wall time from invoking Maven to /health/ready is reported beside.
 * CWWKZ0001I (application started) is reported too: Liberty also logs "ready" when an application is still starting
 * after the application manager's start timeout (30 s, CWWKZ0022W), so on a very busy machine ready can come first.
 */
public final class StartupBenchmark {

    private static final Pattern STAMP = Pattern.compile("^\\[[^,]+, (\\d{1,2}:\\d{2}:\\d{2}:\\d{3})");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("H:mm:ss:SSS");

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("bench.root", "."));
        String http = System.getProperty("bench.httpPort", "9480");
        String https = System.getProperty("bench.httpsPort", "9843");
        Path log = root.resolve("target/liberty/wlp/usr/servers/mcptrace/logs/messages.log");
        List<Double> serverSeconds = new ArrayList<>();
        List<Double> wallSeconds = new ArrayList<>();
        List<Double> appSeconds = new ArrayList<>();
        int runs = Integer.getInteger("bench.runs", 3);
        for (int run = 0; run < runs; run++) {
            Files.deleteIfExists(log);
            long t0 = System.nanoTime();
            Process server = new ProcessBuilder("mvn", "-q", "liberty:run", "-Dhttp.port=" + http, "-Dhttps.port=" + https)
                    .directory(root.toFile()).redirectErrorStream(true)
                    .redirectOutput(root.resolve("target/bench/startup-server-" + run + ".log").toFile()).start();
            try {
                while (true) {
                    if (!server.isAlive()) {
                        throw new IllegalStateException("liberty:run exited; see target/bench/startup-server-" + run + ".log");
                    }
                    try {
                        if (Bench.get("/health/ready").statusCode() == 200) {
                            break;
                        }
                    } catch (RuntimeException e) {
                        // not listening yet
                    }
                    Thread.sleep(100);
                }
                double wall = (System.nanoTime() - t0) / 1e9;
                double started = -1;
                double ready = -1;
                double app = -1;
                for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                    Matcher m = STAMP.matcher(line);
                    if (!m.find()) {
                        continue;
                    }
                    double at = LocalTime.parse(m.group(1), TIME).toNanoOfDay() / 1e9;
                    if (line.contains("CWWKE0001I") && started < 0) {
                        started = at;
                    } else if (line.contains("CWWKF0011I") && ready < 0) {
                        ready = at;
                    } else if (line.contains("CWWKZ0001I") && app < 0) {
                        app = at;
                    }
                }
                serverSeconds.add(ready - started);
                wallSeconds.add(wall);
                appSeconds.add(app - started);
                System.out.printf("  run %d: server start to ready %.1f s; to application started %.1f s; "
                        + "mvn liberty:run to /health/ready %.1f s%n", run + 1, ready - started, app - started, wall);
            } finally {
                new ProcessBuilder("mvn", "-q", "liberty:stop").directory(root.toFile()).redirectErrorStream(true)
                        .redirectOutput(new File("/dev/null")).start().waitFor();
                server.waitFor();
            }
        }
        String report = String.format("startup: server start to ready median %.1f s (runs %s; target < 15 s); "
                + "to application started median %.1f s; mvn liberty:run to /health/ready median %.1f s%n",
                Bench.median(serverSeconds), serverSeconds, Bench.median(appSeconds), Bench.median(wallSeconds));
        System.out.print(report);
        Bench.write("startup-summary.txt", report);
    }
}
