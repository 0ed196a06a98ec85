package org.mcptrace.testing;

import static org.mcptrace.testing.Conditions.waitFor;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.MalformedURLException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One Liberty server of a cluster, run as its own process from the packaged WAR: assembled from a configured server
 * directory (the test server's, which the build fills from liberty/), started and stopped with Liberty's own
 * {@code server} script, and killed with SIGKILL when a test wants a node to die. Used by ClusterIT and the cluster
 * benchmark.
 */
public final class LibertyNode {

    public final String name;
    public final int httpPort;
    public final int httpsPort;
    public final String base;
    public final Api api;
    private final Path wlp;
    private final Path template;
    private final Path war;
    private final Path dir;
    private final Map<String, String> environment;
    private boolean assembled;

    /**
     * @param wlp         the Liberty installation
     * @param template    a server directory whose configuration and JDBC drivers are copied
     * @param war         the application
     * @param environment the server.env (MCPTRACE_* settings)
     */
    public LibertyNode(Path wlp, Path template, Path war, String name, int httpPort, int httpsPort,
                       Map<String, String> environment) {
        this.wlp = wlp.toAbsolutePath();
        this.template = template.toAbsolutePath();
        this.war = war.toAbsolutePath();
        this.name = name;
        this.httpPort = httpPort;
        this.httpsPort = httpsPort;
        this.environment = Map.copyOf(environment);
        this.dir = this.wlp.resolve("usr/servers").resolve(name);
        this.base = "http://127.0.0.1:" + httpPort + "/";
        this.api = new Api(url(base));
    }

    /** A node the way the tests' build lays it out: target/liberty/wlp, the IT server as template, target/mcptrace.war. */
    public static LibertyNode fromBuild(String name, int httpPort, int httpsPort, Map<String, String> environment) {
        Path wlp = Path.of(System.getProperty("wlp.home", "target/liberty/wlp"));
        Path template = Path.of(System.getProperty("it.server.dir", wlp.resolve("usr/servers/mcptraceIT").toString()));
        Path war = Path.of(System.getProperty("app.war", "target/mcptrace.war"));
        return new LibertyNode(wlp, template, war, name, httpPort, httpsPort, environment);
    }

    /**
     * Starts the server and waits until it is ready; the first start assembles it afresh (configuration, drivers, WAR,
     * server.env), a later one starts it again as it was left.
     */
    public void start(Duration timeout) {
        try {
            if (!assembled) {
                assemble();
                assembled = true;
            }
            Files.deleteIfExists(dir.resolve("logs/messages.log"));
            run("start");
            waitFor(this::ready, r -> r, timeout);
        } catch (Exception e) {
            throw new IllegalStateException("server " + name + " did not start: " + e, e);
        }
    }

    private void assemble() throws IOException {
        delete(dir);
        Files.createDirectories(dir.resolve("apps"));
        Files.createDirectories(dir.resolve("lib/jdbc"));
        for (String file : List.of("server.xml", "jvm.options", "sessions-memory.xml", "sessions-database.xml")) {
            // jvm.options exists only when the build ships one; a fresh clone has none
            if (Files.exists(template.resolve(file))) {
                Files.copy(template.resolve(file), dir.resolve(file));
            }
        }
        Files.writeString(dir.resolve("apps.xml"),
                "<server><webApplication location=\"mcptrace.war\" contextRoot=\"/\"/></server>\n");
        for (String jar : List.of("h2.jar", "postgresql.jar")) {
            Files.copy(template.resolve("lib/jdbc").resolve(jar), dir.resolve("lib/jdbc").resolve(jar));
        }
        Files.writeString(dir.resolve("bootstrap.properties"), "http.port=" + httpPort + "\nhttps.port="
                + httpsPort + "\ncom.ibm.ws.logging.console.format=SIMPLE\n"
                // -Dliberty.node.trace=… (a Liberty trace specification) writes the nodes' logs/trace.log
                + (System.getProperty("liberty.node.trace") != null
                        ? "com.ibm.ws.logging.trace.specification=" + System.getProperty("liberty.node.trace") + "\n" : ""));
        Files.writeString(dir.resolve("server.env"), environment.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("\n", "", "\n")));
        Files.copy(war, dir.resolve("apps/mcptrace.war"), StandardCopyOption.REPLACE_EXISTING);
    }

    public boolean ready() {
        try {
            // without credentials, as a load balancer or Kubernetes asks: Liberty's health endpoint would look Basic
            // credentials up in a user registry the server does not have (CWWKS3005E in the log)
            return api.anonymous().send(HttpRequest.newBuilder(URI.create(base + "health/ready")).GET()).status() == 200;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Waits until this node's readiness says it is UP in a cluster of that many members. */
    public void awaitMembers(int members) {
        waitFor(this::health, h -> "UP".equals(h.getString("status", "")) && h.getJsonArray("checks").stream()
                .map(c -> c.asJsonObject()).anyMatch(c -> c.getString("name").equals("cluster")
                        && c.getJsonObject("data").getInt("members", 0) == members), Duration.ofSeconds(90));
    }

    public JsonObject health() {
        try {
            return api.anonymous().send(HttpRequest.newBuilder(URI.create(base + "health/ready")).GET()).json();
        } catch (RuntimeException e) {
            return Json.createObjectBuilder().build();
        }
    }

    /** The Liberty JVM's process, as Liberty recorded it. */
    public ProcessHandle process() throws IOException {
        Path pid = wlp.resolve("usr/servers/.pid").resolve(name + ".pid");
        return ProcessHandle.of(Long.parseLong(Files.readString(pid).strip())).orElseThrow();
    }

    /** SIGKILL: no shutdown hook, no goodbye to the cluster. */
    public void kill() throws Exception {
        ProcessHandle process = process();
        process.destroyForcibly();
        process.onExit().get(60, TimeUnit.SECONDS);
    }

    public void stop() throws Exception {
        run("stop");
    }

    public Path log() {
        return dir.resolve("logs/messages.log");
    }

    private void run(String action) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(wlp.resolve("bin/server").toString(), action, name)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        // the node's settings come from its server.env only, never from the environment this JVM runs in
        builder.environment().keySet().removeIf(k -> k.startsWith("MCPTRACE_"));
        Process process = builder.start();
        if (!process.waitFor(600, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("server " + action + " " + name + " did not return");
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static URL url(String base) {
        try {
            return new URL(base);
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
