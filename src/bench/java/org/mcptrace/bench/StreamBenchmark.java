package org.mcptrace.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server's CPU per streamed event: reports arrive at a steady rate throughout (batches, so ingestion is a small
 * share), and rounds alternate between no stream clients and {@code bench.streamClients} of them on each path in
 * {@code bench.streamPaths}. The server's own {@code cpu.processCpuTime} over a round with clients, less what the
 * entries ingested in that round cost in the client-less round just before it, divided by the events the clients
 * received, is the figure: CPU, not throughput, so it holds on a machine that other work shares.
 */
public final class StreamBenchmark {

    static final int CLIENTS = Integer.getInteger("bench.streamClients", 4);
    static final int RATE = Integer.getInteger("bench.rate", 2000);
    static final int SECONDS = Integer.getInteger("bench.seconds", 10);
    static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    static final String[] PATHS = System.getProperty("bench.streamPaths", "/api/v1/traces/stream").split(",");
    /** Batches per second: one every 50 ms. */
    private static final int TICKS = 20;

    public static void main(String[] args) throws Exception {
        Bench.seed();
        int perBatch = Math.max(1, RATE / TICKS);
        StringBuilder items = new StringBuilder("[");
        for (int i = 0; i < perBatch; i++) {
            int c = i % Bench.SEEDED;
            items.append(i == 0 ? "" : ",").append(Bench.report(Bench.redirectUri(c), Bench.resourceUrl(c), "client-" + c));
        }
        String batch = items.append(']').toString();
        AtomicLong failed = new AtomicLong();
        ScheduledExecutorService feeder = Executors.newSingleThreadScheduledExecutor();
        // a fixed delay, not a fixed rate: after a stall on the shared machine, a burst of catch-up batches would let
        // the clients fall behind; the rate per round is measured, not assumed
        feeder.scheduleWithFixedDelay(() -> {
            // an exception would end the schedule for good, and with it the reports
            try {
                if (Bench.post(Bench.BATCH, batch).statusCode() != 200) {
                    failed.incrementAndGet();
                }
            } catch (RuntimeException e) {
                failed.incrementAndGet();
            }
        }, 0, 1000 / TICKS, TimeUnit.MILLISECONDS);
        StringBuilder report = new StringBuilder();
        try {
            System.out.printf("%d reports/s in batches of %d; %d stream clients per path; %d s per round, %d rounds%n",
                    perBatch * TICKS, perBatch, CLIENTS, SECONDS, ROUNDS);
            // warm-up, not counted, three rounds' worth: the server's CPU per entry ingested keeps falling for a minute
            // after start (the JIT), which would otherwise be counted against the first rounds with clients
            for (int i = 0; i < 3; i++) {
                round(null, 0);
                for (String path : PATHS) {
                    round(path, 0);
                }
            }
            List<List<Double>> perEvent = new ArrayList<>();
            List<List<Double>> eventRates = new ArrayList<>();
            for (String ignored : PATHS) {
                perEvent.add(new ArrayList<>());
                eventRates.add(new ArrayList<>());
            }
            List<Double> idle = new ArrayList<>();
            for (int round = 1; round <= ROUNDS; round++) {
                Round none = round(null, round);
                double perEntry = none.cpuMicros() / none.ingested();
                idle.add(perEntry);
                for (int p = 0; p < PATHS.length; p++) {
                    Round with = round(PATHS[p], round);
                    perEvent.get(p).add((with.cpuMicros() - with.ingested() * perEntry) / with.events());
                    eventRates.get(p).add(with.events() / with.seconds());
                }
            }
            report.append(String.format("no stream clients    server CPU %.1f µs per entry ingested (rounds: %s)%n",
                    Bench.median(idle), list(idle)));
            for (int p = 0; p < PATHS.length; p++) {
                report.append(String.format("%s  %d clients: %.1f µs of server CPU per event delivered (rounds: %s),"
                        + " %.0f events/s delivered%n", PATHS[p], CLIENTS, Bench.median(perEvent.get(p)),
                        list(perEvent.get(p)), Bench.median(eventRates.get(p))));
            }
            report.append(String.format("report batches refused or failed: %d%n", failed.get()));
        } finally {
            feeder.shutdownNow();
        }
        System.out.println();
        System.out.print(report);
        Bench.write("stream-summary.txt", report.toString());
    }

    private record Round(double cpuMicros, double ingested, double events, double seconds) {
    }

    /** One round with {@link #CLIENTS} clients on {@code path}, or with none when it is null. */
    private static Round round(String path, int round) {
        List<Viewers.StreamClient> clients = new ArrayList<>();
        try {
            if (path != null) {
                for (int i = 0; i < CLIENTS; i++) {
                    clients.add(new Viewers.StreamClient(path));
                }
                // every client is reading before the clock starts. On the thread-per-stream comparison path each
                // stream holds one of Liberty's executor threads, a pool that grows only when it sees its threads hung:
                // opening several at once can hold the server (and the feeder's reports) for seconds on a loaded machine
                try {
                    waitFor(() -> clients.stream().allMatch(c -> c.traces.get() > 0), "the stream clients to receive events");
                } catch (IllegalStateException e) {
                    throw new IllegalStateException(e.getMessage() + "; a client's failure: " + clients.stream()
                            .map(c -> c.failure).filter(f -> f != null).findFirst().orElse(null), e);
                }
            }
            long events = clients.stream().mapToLong(c -> c.traces.get()).sum();
            Map<String, Double> before = metrics();
            long start = System.nanoTime();
            Bench.sleep(SECONDS * 1000L);
            Map<String, Double> after = metrics();
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpu = (cpu(after) - cpu(before)) * 1e6;
            double ingested = ingested(after) - ingested(before);
            double delivered = clients.stream().mapToLong(c -> c.traces.get()).sum() - events;
            for (Viewers.StreamClient client : clients) {
                if (client.gaps.get() != 0 || client.outOfOrder.get() != 0 || client.skipped.get() != 0) {
                    throw new IllegalStateException(path + ": a client missed events: gaps " + client.gaps.get()
                            + ", out of order " + client.outOfOrder.get() + ", skipped " + client.skipped.get());
                }
            }
            System.out.printf("round %d, %s: server CPU %.0f µs/s, %.0f entries/s ingested, %.0f events/s delivered%n",
                    round, path == null ? "no clients" : CLIENTS + " clients on " + path, cpu / seconds,
                    ingested / seconds, delivered / seconds);
            return new Round(cpu, ingested, delivered, seconds);
        } finally {
            clients.forEach(Viewers.StreamClient::close);
            // the server notices a closed stream at its next write, which the reports bring at once
            waitFor(() -> Bench.metric(Bench.metrics(), "mcptrace_stream_clients_connected", null) == 0,
                    "the stream clients to be gone");
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Bench.sleep(50);
        }
    }

    /** The server's metrics; a scrape held up past its timeout (see above: the executor) is tried again. */
    private static Map<String, Double> metrics() {
        for (int attempt = 1; ; attempt++) {
            try {
                return Bench.metrics();
            } catch (RuntimeException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    private static double cpu(Map<String, Double> metrics) {
        return Bench.metric(metrics, "cpu_processCpuTime_seconds", null);
    }

    private static double ingested(Map<String, Double> metrics) {
        return Bench.metric(metrics, "mcptrace_ingested_requests_total", null);
    }

    private static String list(List<Double> values) {
        StringBuilder s = new StringBuilder();
        for (double v : values) {
            s.append(s.length() == 0 ? "" : ", ").append(String.format("%.1f", v));
        }
        return s.toString();
    }
}
