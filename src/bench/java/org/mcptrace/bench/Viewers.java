package org.mcptrace.bench;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The consumers attached while load runs: real Chromium tabs on the tracing screen and SSE stream clients. */
final class Viewers {

    private Viewers() {
    }

    /** The same Debian Chromium and flags as the browser tests (src/test/.../testing/Browser.java). */
    static ChromeDriver browser() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("chromium.binary", "/usr/bin/chromium"));
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1600,1000", "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new java.io.File(System.getProperty("webdriver.chrome.driver",
                        "/usr/bin/chromedriver")))
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(120));
        return driver;
    }

    /** Opens the tracing screen and waits until its websocket is open. */
    static ChromeDriver tracingScreen() {
        ChromeDriver driver = signedIn();
        driver.get(Bench.BASE + "/");
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(ExpectedConditions.presenceOfElementLocated(By.id("traces:grid")));
        Bench.sleep(1000);
        return driver;
    }

    /** A browser signed in as the operator through the login page, as a person would. */
    static ChromeDriver signedIn() {
        ChromeDriver driver = browser();
        driver.get(Bench.BASE + "/login.xhtml");
        driver.findElement(By.id("login:username")).sendKeys(Bench.OPERATOR);
        driver.findElement(By.id("login:password")).sendKeys(Bench.PASSWORD);
        driver.findElement(By.id("login:signIn")).click();
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> !d.getCurrentUrl().contains("login.xhtml"));
        return driver;
    }

    /** Stops the page's scripts as Chromium does to a tab in the background for long: the frozen tab. */
    static void freeze(ChromeDriver driver) {
        driver.executeCdpCommand("Page.enable", Map.of());
        driver.executeCdpCommand("Page.setWebLifecycleState", Map.of("state", "frozen"));
    }

    /**
     * An SSE client that reads every event as fast as it can, counts them and checks that none is missing or out of
     * order. It stands in for API clients that in production run on other machines, so it costs as little as it can
     * on the server's cores: it scans the response's bytes for the {@code event:} and {@code id:} lines (and a
     * {@code skipped} event's count) and never decodes an entry's JSON.
     */
    static final class StreamClient implements AutoCloseable {

        private static final byte[] EVENT = "event:".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] ID = "id:".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] DATA = "data:".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] TRACE = "trace".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] SKIPPED = "skipped".getBytes(StandardCharsets.US_ASCII);

        final AtomicLong traces = new AtomicLong();
        final AtomicLong skipped = new AtomicLong();
        /** Sequences that neither followed the one before nor were announced by a 'skipped' event: must stay 0. */
        final AtomicLong gaps = new AtomicLong();
        /** Events whose sequence was not above the one before: must stay 0. */
        final AtomicLong outOfOrder = new AtomicLong();
        /** Sequences received, so a window of sequences can be checked for completeness. */
        private final java.util.BitSet received = new java.util.BitSet();
        private final String path;
        private final Thread reader;
        private volatile InputStream body;
        /** Why reading ended, if it did. */
        volatile Exception failure;
        // the line being read: its first bytes are enough for every field this client looks at
        private final byte[] line = new byte[64];
        private int length;
        private boolean trace;
        private boolean skipping;
        private long last = -1;

        StreamClient() {
            this("/api/v1/traces/stream");
        }

        StreamClient(String path) {
            this.path = path;
            reader = new Thread(this::read, "sse-client");
            reader.setDaemon(true);
            reader.start();
        }

        private void read() {
            try {
                HttpResponse<InputStream> response = Bench.HTTP.send(HttpRequest.newBuilder(
                        URI.create(Bench.BASE + path)).header("Accept", "text/event-stream")
                        .header("Authorization", Bench.BASIC).GET()
                        .build(), HttpResponse.BodyHandlers.ofInputStream());
                body = response.body();
                byte[] chunk = new byte[64 * 1024];
                for (int n; (n = body.read(chunk)) >= 0; ) {
                    for (int i = 0; i < n; i++) {
                        byte b = chunk[i];
                        if (b == '\n') {
                            line();
                            length = 0;
                        } else if (length < line.length) {
                            line[length++] = b;
                        }
                    }
                }
            } catch (Exception e) {
                // closed by the benchmark, or dropped by the server; the counts say which
                failure = e;
            }
        }

        // the server writes LF line ends and one space after the colon
        private void line() {
            if (length == 0) {
                trace = false;
                skipping = false;
            } else if (startsWith(EVENT)) {
                trace = value(EVENT, TRACE);
                skipping = value(EVENT, SKIPPED);
            } else if (startsWith(ID) && (trace || skipping)) {
                // the id begins with this node's sequence: <sequence>@<node> <entry id> …
                long sequence = number(ID.length + 1);
                if (last >= 0 && sequence <= last) {
                    outOfOrder.incrementAndGet();
                } else if (last >= 0 && trace && sequence != last + 1) {
                    gaps.addAndGet(sequence - last - 1);
                }
                last = Math.max(last, sequence);
                if (trace) {
                    synchronized (received) {
                        received.set((int) sequence);
                    }
                    traces.incrementAndGet();
                }
            } else if (startsWith(DATA) && skipping) {
                // {"skipped":<count>}
                int at = DATA.length;
                while (at < length && (line[at] < '0' || line[at] > '9')) {
                    at++;
                }
                skipped.addAndGet(number(at));
            }
        }

        private boolean startsWith(byte[] field) {
            return length >= field.length && java.util.Arrays.equals(line, 0, field.length, field, 0, field.length);
        }

        private boolean value(byte[] field, byte[] expected) {
            int from = field.length + 1;
            return length == from + expected.length
                    && java.util.Arrays.equals(line, from, length, expected, 0, expected.length);
        }

        private long number(int from) {
            long n = 0;
            for (int i = from; i < length && line[i] >= '0' && line[i] <= '9'; i++) {
                n = n * 10 + line[i] - '0';
            }
            return n;
        }

        /** How many of the sequences in (from, to] this client received. */
        long receivedBetween(long from, long to) {
            synchronized (received) {
                return received.get((int) from + 1, (int) to + 1).cardinality();
            }
        }

        @Override
        public void close() {
            InputStream in = body;
            if (in != null) {
                try {
                    in.close();
                } catch (java.io.IOException e) {
                    // already closed
                }
            }
            reader.interrupt();
        }
    }

    /**
     * An SSE client that connects and then never reads: its socket buffers fill and the server's writes block, as
     * with a consumer stuck behind a dead proxy. The small receive buffer makes that happen within seconds.
     */
    static final class StalledStream implements AutoCloseable {

        private final Socket socket;

        StalledStream() throws Exception {
            URI base = URI.create(Bench.BASE);
            socket = new Socket();
            socket.setReceiveBufferSize(4096);
            socket.connect(new java.net.InetSocketAddress(base.getHost(), base.getPort()));
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/v1/traces/stream HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                    + "\r\nAccept: text/event-stream\r\nAuthorization: " + Bench.BASIC + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            // read only the response head, so the stream is known to be open, then stop reading for good
            byte[] head = new byte[256];
            int n = in.read(head);
            if (n <= 0 || !new String(head, 0, n, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200")) {
                throw new IllegalStateException("stream did not open: " + (n > 0 ? new String(head, 0, n) : "EOF"));
            }
        }

        @Override
        public void close() throws Exception {
            socket.close();
        }
    }

    static void quit(List<ChromeDriver> drivers) {
        for (ChromeDriver driver : drivers) {
            try {
                driver.quit();
            } catch (RuntimeException e) {
                // already gone
            }
        }
    }
}
