package org.mcptrace.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Starts the packaged application on its own Liberty server (no ports open: only the log matters) with
 * MCPTRACE_MODE=production, once with the shipped default secrets (it must refuse to start) and once with real ones
 * (it must start), exactly as an operator would run it.
 */
class ProductionModeIT {

    static final String STARTED = "CWWKZ0001I: Application mcptrace started";
    static final String REFUSED = "MCPTRACE-0001E";
    static final String NOT_STARTED = "CWWKZ0012I: The application mcptrace was not started";

    Path wlp;
    Path server;
    String name;

    @BeforeEach
    void assemble() throws IOException {
        wlp = Path.of(System.getProperty("wlp.home", "target/liberty/wlp")).toAbsolutePath();
        Path itServer = Path.of(System.getProperty("it.server.dir", wlp.resolve("usr/servers/mcptraceIT").toString()));
        name = System.getProperty("it.server.name", "mcptraceIT") + "Production";
        server = wlp.resolve("usr/servers").resolve(name);
        delete(server);
        Files.createDirectories(server.resolve("apps"));
        Files.createDirectories(server.resolve("lib/jdbc"));
        Files.copy(itServer.resolve("server.xml"), server.resolve("server.xml"));
        // the test server's apps.xml is empty (its application arrives through dropins); this one runs the WAR as shipped
        Files.writeString(server.resolve("apps.xml"),
                "<server><webApplication location=\"mcptrace.war\" contextRoot=\"/\"/></server>\n");
        Files.copy(itServer.resolve("lib/jdbc/h2.jar"), server.resolve("lib/jdbc/h2.jar"));
        // -1: no listening ports, so this server never competes with the test server or a developer's console
        Files.writeString(server.resolve("bootstrap.properties"), "http.port=-1\nhttps.port=-1\n");
        Files.copy(Path.of(System.getProperty("app.war", "target/mcptrace.war")), server.resolve("apps/mcptrace.war"),
                StandardCopyOption.REPLACE_EXISTING);
    }

    @AfterEach
    void stop() throws Exception {
        run("stop", Map.of());
        delete(server);
    }

    @Test
    void refusesToStartWithDefaultSecrets() throws Exception {
        String log = start(Map.of("MCPTRACE_MODE", "production"));
        assertTrue(log.contains(REFUSED), "the reason is logged:\n" + log);
        assertTrue(log.contains("MCPTRACE_OPERATOR_PASSWORD, MCPTRACE_VIEWER_PASSWORD, MCPTRACE_GATEWAY_TOKEN"), log);
        assertTrue(log.contains(NOT_STARTED), "Liberty reports the application as not started:\n" + log);
        assertFalse(log.contains(STARTED), "the application must not start:\n" + log);
    }

    @Test
    void startsWithRealSecrets() throws Exception {
        String log = start(Map.of("MCPTRACE_MODE", "production", "MCPTRACE_OPERATOR_PASSWORD", "op-" + System.nanoTime(),
                "MCPTRACE_VIEWER_PASSWORD", "view-" + System.nanoTime(), "MCPTRACE_GATEWAY_TOKEN", "gw-" + System.nanoTime()));
        assertTrue(log.contains(STARTED), log);
        assertFalse(log.contains(REFUSED), log);
        assertFalse(log.contains("MCPTRACE-0002W"), "no default left to warn about:\n" + log);
    }

    private String start(Map<String, String> environment) throws Exception {
        assertEquals(0, run("start", environment), "server start");
        Path messages = server.resolve("logs/messages.log");
        Instant deadline = Instant.now().plus(Duration.ofSeconds(150));
        while (Instant.now().isBefore(deadline)) {
            String log = Files.exists(messages) ? Files.readString(messages) : "";
            // the last line either way: a refusal's reason and Liberty's error come before it
            if (log.contains(STARTED) || log.contains(NOT_STARTED)) {
                return log;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the application neither started nor failed within 150 s:\n"
                + (Files.exists(messages) ? Files.readString(messages) : "(no log)"));
    }

    private int run(String action, Map<String, String> environment) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(wlp.resolve("bin/server").toString(), action, name)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        // the test's own environment must not leak a secret or a mode into the server
        builder.environment().keySet().removeIf(k -> k.startsWith("MCPTRACE_"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("server " + action + " did not return");
        }
        return process.exitValue();
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
