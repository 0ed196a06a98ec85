package org.mcptrace.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A vendor's web server as the test needs it: https on a loopback port, with a self-signed certificate made for this
 * run by the JDK's keytool and trusted by nobody but the mcptrace server under test (its PEM goes where
 * MCPTRACE_CLIENT_METADATA_TRUSTSTORE points). It serves good, wrong and slow client metadata documents and counts the
 * requests it gets per path.
 */
public final class MetadataServer implements AutoCloseable {

    private static final String PASSWORD = "changeit";

    private final HttpsServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    /** Opened when the test ends: the slow document's answer waits for it (or ten seconds). */
    public final CountDownLatch release = new CountDownLatch(1);
    /** Opened when a request for the slow document has arrived. */
    public final CountDownLatch slowRequested = new CountDownLatch(1);

    private MetadataServer(HttpsServer server) {
        this.server = server;
    }

    /** Makes a key pair for localhost and 127.0.0.1, writes its certificate as PEM to {@code trustedPem}, serves. */
    public static MetadataServer start(Path work, Path trustedPem) throws Exception {
        Files.createDirectories(work);
        Path keystore = work.resolve("metadata-server.p12");
        Files.deleteIfExists(keystore);
        keytool("-genkeypair", "-alias", "metadata", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
        Files.createDirectories(trustedPem.getParent());
        keytool("-exportcert", "-rfc", "-alias", "metadata", "-keystore", keystore.toString(), "-storepass", PASSWORD,
                "-file", trustedPem.toString());
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            keys.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, PASSWORD.toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(tls));
        MetadataServer metadata = new MetadataServer(https);
        https.setExecutor(metadata.threads);
        https.createContext("/", metadata::answer);
        https.start();
        return metadata;
    }

    private static void keytool(String... arguments) throws Exception {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("keytool " + arguments[0] + " failed: " + output);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Requests that reached a path (its last segment), whatever the answer. */
    public int hits(String last) {
        AtomicInteger n = hits.get(last);
        return n == null ? 0 : n.get();
    }

    /**
     * The last path segment says what to serve; the document's client_id is the URL it was asked under (built from
     * the Host header, as the client ID is), except where the test wants it wrong, and it lists the redirect URI
     * {@code http://127.0.0.1/<first path segment>/callback}.
     */
    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String last = path.substring(path.lastIndexOf('/') + 1);
        String kind = last.contains("-") ? last.substring(0, last.indexOf('-')) : last;
        hits.computeIfAbsent(last, k -> new AtomicInteger()).incrementAndGet();
        String self = "https://" + exchange.getRequestHeaders().getFirst("Host") + path;
        // each run (first path segment) its own loopback redirect URI, as a redirect URI belongs to one workload only
        String[] segments = path.split("/");
        String callback = "http://127.0.0.1/" + (segments.length > 1 ? segments[1] : "") + "/callback";
        try (exchange) {
            switch (kind) {
                case "good" -> json(exchange, 200, document(self, "Test CLI", callback), "max-age=600");
                case "mismatch" -> json(exchange, 200, document("https://other.example/meta", "Impostor",
                        callback), null);
                case "noredirects" -> json(exchange, 200, "{\"client_id\":\"" + self + "\",\"client_name\":\"No URIs\"}",
                        null);
                case "notjson" -> send(exchange, 200, "text/html", "<html><body>Not here</body></html>");
                case "large" -> json(exchange, 200, "{\"client_id\":\"" + self + "\",\"padding\":\""
                        + "x".repeat(70 * 1024) + "\",\"redirect_uris\":[\"" + callback + "\"]}", null);
                case "chunked" -> {
                    // no Content-Length: the size is only known by reading
                    exchange.getResponseHeaders().add("Content-Type", "application/json");
                    exchange.sendResponseHeaders(200, 0);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(("{\"client_id\":\"" + self + "\",\"padding\":\"").getBytes(StandardCharsets.UTF_8));
                        for (int i = 0; i < 80; i++) {
                            out.write("x".repeat(1024).getBytes(StandardCharsets.UTF_8));
                        }
                        out.write("\"}".getBytes(StandardCharsets.UTF_8));
                    } catch (IOException e) {
                        // mcptrace stops reading at 64 KiB and hangs up
                    }
                }
                case "missing" -> send(exchange, 404, "text/plain", "no such document");
                case "redirect" -> {
                    exchange.getResponseHeaders().add("Location", path.replace(last, "target-" + last));
                    send(exchange, 302, "text/plain", "moved");
                }
                case "slow" -> {
                    slowRequested.countDown();
                    awaitRelease();
                    json(exchange, 200, document(self, "Slow", callback), null);
                }
                case "hostile" -> json(exchange, 200, "{\"client_id\":\"" + self + "\",\"client_name\":"
                        + "\"<img src=x onerror=window.__pwned=5>\",\"client_uri\":\"javascript:window.__pwned=6\","
                        + "\"redirect_uris\":[\"" + callback + "\",\"\\\"><script>window.__pwned=7</script>\"]}",
                        null);
                default -> json(exchange, 200, document(self, "Any", callback), null);
            }
        }
    }

    private void awaitRelease() {
        try {
            release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String document(String clientId, String name, String redirectUri) {
        return "{\"client_id\":\"" + clientId + "\",\"client_name\":\"" + name + "\",\"client_uri\":\"https://cli.example\","
                + "\"redirect_uris\":[\"" + redirectUri + "\"],\"token_endpoint_auth_method\":\"none\"}";
    }

    private static void json(HttpExchange exchange, int status, String body, String cacheControl) throws IOException {
        if (cacheControl != null) {
            exchange.getResponseHeaders().add("Cache-Control", cacheControl);
        }
        send(exchange, status, "application/json", body);
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        try {
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (IOException e) {
            // the client hung up (a refused address, a deadline): nothing to answer to
        }
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
