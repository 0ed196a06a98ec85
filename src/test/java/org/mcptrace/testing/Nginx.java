package org.mcptrace.testing;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's nginx, run as its own process on a loopback port with a site configuration given by the test, its logs
 * under the test's directory, stopped by PID. Missing nginx skips the test locally and fails it where end-to-end tests
 * are required (MCPTRACE_E2E_TESTS=required, set by .ci/run, or -De2e.required=true), as in RealTrafficIT.
 */
public final class Nginx implements AutoCloseable {

    public static final String BINARY = "/usr/sbin/nginx";

    public final int port;
    private final Path dir;
    private final Process process;

    private Nginx(int port, Path dir, Process process) {
        this.port = port;
        this.dir = dir;
        this.process = process;
    }

    /** Skips (locally) or fails (CI) when nginx is not installed. */
    public static void require() {
        if (new File(BINARY).canExecute()) {
            return;
        }
        String message = "this test needs nginx (" + BINARY + "): run .ci/run, or apt-get install -y nginx";
        if (Boolean.getBoolean("e2e.required") || "required".equalsIgnoreCase(System.getenv("MCPTRACE_E2E_TESTS"))) {
            throw new IllegalStateException(message);
        }
        Assumptions.assumeTrue(false, message + " (skipped; CI requires it)");
    }

    /**
     * Starts nginx with {@code site} included in its http block (the test has put its own port into the site's
     * {@code listen}), and waits until it accepts connections on {@code port}.
     */
    public static Nginx start(Path dir, String site, int port) throws IOException, InterruptedException {
        Path work = Files.createDirectories(dir.toAbsolutePath());
        Files.createDirectories(work.resolve("logs"));
        Files.writeString(work.resolve("site.conf"), site);
        Path conf = work.resolve("nginx.conf");
        Files.writeString(conf, """
                daemon off;
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/logs/error.log info;
                events { worker_connections 256; }
                http {
                    access_log %1$s/logs/access.log;
                    client_body_temp_path %1$s/body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                    include %1$s/site.conf;
                }
                """.formatted(work));
        Process process = new ProcessBuilder(List.of(BINARY, "-p", work.toString(), "-c", conf.toString(), "-e",
                work.resolve("logs/error.log").toString())).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve("logs/nginx.out").toFile()).start();
        Nginx nginx = new Nginx(port, work, process);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return nginx;
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    nginx.close();
                    throw new IllegalStateException("nginx did not start on " + port + ": " + nginx.errors());
                }
                Thread.sleep(50);
            }
        }
    }

    /**
     * The location {@code auth_request /_mcptrace} calls, as docs/integrations.md gives it: forward auth at
     * {@code path} on the site's {@code upstream mcptrace}, with kept-alive connections (a location with
     * {@code proxy_set_header} of its own inherits none of the server's, so they are set here) and the gateway's token.
     */
    public static String forwardAuthLocation(String path, String token) {
        return """
                location = /_mcptrace {
                    internal;
                    proxy_pass http://mcptrace%s;
                    proxy_http_version 1.1;
                    proxy_set_header Connection "";
                    proxy_pass_request_body off;
                    proxy_set_header Content-Length "";
                    proxy_set_header X-Original-URI $request_uri;
                    proxy_set_header X-Original-Method $request_method;
                    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                    proxy_set_header X-Mcptrace-Token "%s";
                }
                """.formatted(path, token);
    }

    public String base() {
        return "http://127.0.0.1:" + port + "/";
    }

    /** The address when the site listens with {@code ssl} on {@link #port}. */
    public String httpsBase() {
        return "https://127.0.0.1:" + port + "/";
    }

    public String errors() {
        try {
            return Files.readString(dir.resolve("logs/error.log"));
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
