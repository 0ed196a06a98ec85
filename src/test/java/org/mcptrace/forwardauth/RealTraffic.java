package org.mcptrace.forwardauth;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assumptions;
import org.mcptrace.testing.Nginx;

/**
 * The real parts of {@link RealTrafficIT}, started on loopback ports and stopped by PID: Node (the authorization
 * server, the resource server, the MCP SDK client) and Caddy, each with its own configuration and logs under
 * target/e2e; nginx runs through {@link Nginx}. With MCPTRACE_E2E_TESTS=required in the environment (set by .ci/run) or -De2e.required=true, a missing
 * tool fails the test instead of skipping it.
 */
final class RealTraffic implements AutoCloseable {

    static final Path NODE_PROJECT = Path.of("src/test/e2e");
    static final String CADDY = "/usr/bin/caddy";

    private final Path work;
    private final List<Process> started = new ArrayList<>();

    RealTraffic(Path work) throws IOException {
        this.work = Files.createDirectories(work.toAbsolutePath());
    }

    static void requireTools() {
        List<String> missing = new ArrayList<>();
        for (String tool : new String[] {Nginx.BINARY, CADDY}) {
            if (!new File(tool).canExecute()) {
                missing.add(tool);
            }
        }
        if (node() == null) {
            missing.add("node");
        }
        if (!Files.isDirectory(NODE_PROJECT.resolve("node_modules/oidc-provider"))
                || !Files.isDirectory(NODE_PROJECT.resolve("node_modules/@modelcontextprotocol/sdk"))) {
            missing.add(NODE_PROJECT + "/node_modules (npm ci)");
        }
        if (missing.isEmpty()) {
            return;
        }
        String message = "end-to-end test needs " + String.join(", ", missing)
                + ": run .ci/run, or apt-get install -y nginx caddy nodejs npm && (cd src/test/e2e && npm ci)";
        if (Boolean.getBoolean("e2e.required") || "required".equalsIgnoreCase(System.getenv("MCPTRACE_E2E_TESTS"))) {
            throw new IllegalStateException(message);
        }
        Assumptions.assumeTrue(false, message + " (skipped; CI requires it)");
    }

    static String node() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            File node = new File(dir, "node");
            if (node.canExecute()) {
                return node.getAbsolutePath();
            }
        }
        return null;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    Path write(String name, String text) throws IOException {
        Path file = work.resolve(name);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    Path dir(String name) throws IOException {
        return Files.createDirectories(work.resolve(name));
    }

    /** Starts a long-running process with its output in target/e2e/NAME.log; stopped by {@link #close()}. */
    Process start(String name, List<String> command, Path directory, Map<String, String> environment) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                .redirectErrorStream(true).redirectOutput(work.resolve(name + ".log").toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        started.add(process);
        System.out.println("started " + name + " as PID " + process.pid() + ": " + String.join(" ", command));
        return process;
    }

    /** Runs a command to its end and answers its output; it fails when the command does. */
    String run(String name, List<String> command, Path directory, Map<String, String> environment, Duration timeout)
            throws Exception {
        Path output = work.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(false)
                .redirectOutput(output.toFile()).redirectError(work.resolve(name + ".err.log").toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(name + " did not finish within " + timeout);
        }
        String out = Files.readString(output);
        if (process.exitValue() != 0) {
            throw new AssertionError(name + " failed (" + process.exitValue() + "): " + out
                    + Files.readString(work.resolve(name + ".err.log")));
        }
        return out;
    }

    String log(String name) {
        try {
            return Files.readString(work.resolve(name + ".log"));
        } catch (IOException e) {
            return "";
        }
    }

    /** Waits until the process's log shows {@code ready}, or fails with the log when it exits or takes too long. */
    void awaitLog(String name, Process process, Predicate<String> ready, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (ready.test(log(name))) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + ": " + log(name));
            }
            Thread.sleep(50);
        }
        throw new AssertionError(name + " not ready within " + timeout + ": " + log(name));
    }

    /** Waits until something accepts connections on the loopback port. */
    void awaitPort(String name, Process process, int port, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new AssertionError(name + " exited with " + process.exitValue() + ": " + log(name));
                }
                Thread.sleep(50);
            }
        }
        throw new AssertionError(name + " not listening on " + port + " within " + timeout + ": " + log(name));
    }

    /** Stops every process this test started, by its PID: SIGTERM first, then SIGKILL for one that hangs. */
    @Override
    public void close() throws InterruptedException {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).destroy();
        }
        for (Process process : started) {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
            System.out.println("stopped PID " + process.pid());
        }
    }
}
