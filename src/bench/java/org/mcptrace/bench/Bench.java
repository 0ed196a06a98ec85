package org.mcptrace.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the server-side benchmarks share: the server's address, plain HTTP calls, /metrics and medians. */
final class Bench {

    static final String BASE = System.getProperty("bench.base", "http://localhost:9480");
    static final Path OUT = Path.of(System.getProperty("bench.out", "target/bench"));
    static final String INGEST = "/api/v1/authorization-requests";
    static final String BATCH = "/api/v1/authorization-requests/batch";
    static final String NOOP = "/api/v1/bench/noop";
    /** Workloads seeded so that most benchmark traffic matches a client, a server and a policy, as in production. */
    static final int SEEDED = 100;

    // HTTP/1.1: the JDK client's h2c upgrade attempt on plain HTTP stalls against Liberty
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    /** The bootstrap gateway's token and the operator's password, unless the environment names others. */
    static final String TOKEN = env("MCPTRACE_GATEWAY_TOKEN", "dev-gateway-token");
    static final String OPERATOR = "operator";
    static final String PASSWORD = env("MCPTRACE_OPERATOR_PASSWORD", "operator");
    static final String BASIC = "Basic " + java.util.Base64.getEncoder().encodeToString(
            (OPERATOR + ":" + PASSWORD).getBytes(java.nio.charset.StandardCharsets.UTF_8));

    private Bench() {
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /**
     * Reports carry a gateway token; everything else in /api, the baseline included, signs in as the operator (the
     * product's security code knows nothing of the baseline, and one Basic check costs about what one token check
     * does).
     */
    static String authorization(String path) {
        return path.equals(INGEST) || path.equals(BATCH) ? "Bearer " + TOKEN : BASIC;
    }

    static HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(BASE + path)).header("Authorization", BASIC).GET());
    }

    static HttpResponse<String> post(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(BASE + path)).header("Content-Type", "application/json")
                .header("Authorization", authorization(path)).POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String report(String redirectUri, String resource, String clientId) {
        return "{\"clientIp\":\"203.0.113.7\",\"redirectUri\":\"" + redirectUri + "\",\"resource\":\"" + resource
                + "\",\"clientId\":\"" + clientId + "\"}";
    }

    static String redirectUri(int i) {
        return "https://client-" + i + ".bench.example.com/oauth/callback";
    }

    static String resourceUrl(int i) {
        return "https://mcp-" + i + ".bench.example.com/mcp";
    }

    /** Creates client i, server i and a policy between them for i below SEEDED, once per server. */
    static void seed() {
        HttpResponse<String> existing = get("/api/v1/client-workloads");
        if (existing.statusCode() == 200 && existing.body().contains("bench-client-0\"")) {
            return;
        }
        for (int i = 0; i < SEEDED; i++) {
            long client = id(post("/api/v1/client-workloads", "{\"name\":\"bench-client-" + i
                    + "\",\"redirectUris\":[\"" + redirectUri(i) + "\"]}"));
            long server = id(post("/api/v1/server-workloads", "{\"name\":\"bench-server-" + i
                    + "\",\"resourceUrl\":\"" + resourceUrl(i) + "\"}"));
            id(post("/api/v1/access-policies", "{\"name\":\"bench-policy-" + i + "\",\"clientWorkloadId\":" + client
                    + ",\"serverWorkloadId\":" + server + "}"));
        }
    }

    private static long id(HttpResponse<String> created) {
        if (created.statusCode() != 201) {
            throw new IllegalStateException("seeding failed: " + created.statusCode() + " " + created.body());
        }
        Matcher m = Pattern.compile("\"id\"\\s*:\\s*(\\d+)").matcher(created.body());
        if (!m.find()) {
            throw new IllegalStateException("no id in " + created.body());
        }
        return Long.parseLong(m.group(1));
    }

    /** Sample lines of /metrics in Prometheus text format, by the full series name with labels. */
    static Map<String, Double> metrics() {
        Map<String, Double> series = new TreeMap<>();
        HttpResponse<String> scrape = send(HttpRequest.newBuilder(URI.create(BASE + "/metrics"))
                .header("Accept", "text/plain").GET());
        for (String line : scrape.body().split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            try {
                series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            } catch (RuntimeException e) {
                // a line this parser does not understand is simply not reported
            }
        }
        return series;
    }

    /** Sum of every series whose name (before labels) is {@code name} and whose labels contain {@code labelPart}. */
    static double metric(Map<String, Double> series, String name, String labelPart) {
        double sum = 0;
        for (Map.Entry<String, Double> e : series.entrySet()) {
            String key = e.getKey();
            int brace = key.indexOf('{');
            String bare = brace < 0 ? key : key.substring(0, brace);
            if (bare.equals(name) && (labelPart == null || key.contains(labelPart))) {
                sum += e.getValue();
            }
        }
        return sum;
    }

    /** The server's CPU time since start (MicroProfile Metrics' base cpu.processCpuTime), so no process id is needed. */
    static double serverCpuSeconds() {
        return metric(metrics(), "cpu_processCpuTime_seconds", null);
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n == 0 ? Double.NaN : n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    static double percentile(List<Double> values, double p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    static void write(String name, String text) {
        try {
            Files.createDirectories(OUT);
            Files.writeString(OUT.resolve(name), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
