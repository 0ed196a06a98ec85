package org.mcptrace.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * An open-loop HTTP/1.1 load generator that costs what a proxy's forward-auth call costs: requests go out at a fixed
 * rate whatever the answers do, as pre-built bytes on plain keep-alive sockets, and each answer is timed from the
 * moment its request was <em>due</em>, so a stall counts against every request it delayed instead of lowering the load.
 *
 * <p>One thread sends on schedule; each connection has a thread that reads and parses its answers strictly (status
 * line, headers, a Content-Length or chunked body) and gives the connection back. Connections are taken most recently
 * used first, as nginx's upstream keep-alive cache does, so at a steady rate most calls share one warm connection and
 * the others are there for the moments an answer is slow. A due request that finds every connection busy waits for
 * one (counted; its wait is in its latency). Java's HTTP client, which this replaces, spent about 0.5 ms of CPU per
 * request on the server's two cores; this spends a small fraction of that, reported with each run.
 */
final class OpenLoop {

    // a connection idle this long may have been closed by the server's keep-alive timeout (Liberty's is 30 s): the
    // sender opens a fresh one rather than write into a socket the server is closing
    private static final long STALE_NANOS = TimeUnit.SECONDS.toNanos(15);
    private static final int MAX_LINE = 8192;
    private static final int MAX_HEADERS = 100;

    /** What a run measured: latencies from the due time (ms, sorted; successful calls only) and the generator's cost. */
    record Result(double[] millis, int errors, double offered, int poolWaits, double cpuMicrosPerRequest,
                  double sendLagP50Millis, double sendLagP99Millis) {
    }

    private final String host;
    private final int port;
    private final int pool;

    OpenLoop(String base, int pool) {
        URI uri = URI.create(base);
        if (!"http".equals(uri.getScheme())) {
            throw new IllegalArgumentException("plain http only: " + base);
        }
        this.host = uri.getHost();
        this.port = uri.getPort() < 0 ? 80 : uri.getPort();
        this.pool = pool;
    }

    /** The bytes of a request: request line, Host, the given header lines, and a body when there is one. */
    byte[] request(String method, String target, String[] headers, String body) {
        StringBuilder text = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: ")
                .append(host).append(':').append(port).append("\r\n");
        for (String header : headers) {
            if (header.indexOf('\r') >= 0 || header.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("header with a line break: " + header);
            }
            text.append(header).append("\r\n");
        }
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        if (body != null) {
            text.append("Content-Length: ").append(content.length).append("\r\n");
        }
        byte[] head = text.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = Arrays.copyOf(head, head.length + content.length);
        System.arraycopy(content, 0, all, head.length, content.length);
        return all;
    }

    /** Sends {@code count} requests at {@code rate} per second, request {@code i} being {@code requests.apply(i)}. */
    Result run(int count, int rate, IntFunction<byte[]> requests) throws Exception {
        long interval = 1_000_000_000L / rate;
        long[] latency = new long[count];
        long[] sendLag = new long[count];
        Arrays.fill(latency, -1);
        CountDownLatch answered = new CountDownLatch(count);
        AtomicInteger errors = new AtomicInteger();
        LinkedBlockingDeque<Connection> idle = new LinkedBlockingDeque<>();
        Connection[] all = new Connection[pool];
        for (int c = 0; c < pool; c++) {
            all[c] = new Connection(c, latency, errors, answered, idle);
            all[c].connect();
            idle.addLast(all[c]);
        }
        int poolWaits = 0;
        long cpuBefore = processCpuNanos();
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10);
        try {
            for (int i = 0; i < count; i++) {
                long due = start + i * interval;
                for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
                Connection connection = idle.pollFirst();
                if (connection == null) {
                    poolWaits++;
                    connection = idle.takeFirst();
                }
                long now = System.nanoTime();
                sendLag[i] = now - due;
                connection.send(i, due, requests.apply(i), now);
            }
            double offered = count / ((System.nanoTime() - start) / 1e9);
            if (!answered.await(120, TimeUnit.SECONDS)) {
                throw new IllegalStateException(answered.getCount() + " requests never answered");
            }
            double cpuMicros = (processCpuNanos() - cpuBefore) / 1e3 / count;
            double[] millis = Arrays.stream(latency).filter(n -> n >= 0).sorted().mapToDouble(n -> n / 1e6).toArray();
            Arrays.sort(sendLag);
            return new Result(millis, errors.get(), offered, poolWaits, cpuMicros, sendLag[count / 2] / 1e6,
                    sendLag[Math.max(0, (int) Math.ceil(0.99 * count) - 1)] / 1e6);
        } finally {
            for (Connection connection : all) {
                connection.close();
            }
        }
    }

    /** CPU time of this whole JVM: the generator's threads, and its JIT and collector working for them. */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** One keep-alive connection with the thread that reads its answers. */
    private final class Connection implements Runnable {
        private final int number;
        private final long[] latency;
        private final AtomicInteger errors;
        private final CountDownLatch answered;
        private final LinkedBlockingDeque<Connection> idle;
        private final byte[] buffer = new byte[16384];
        private volatile Socket socket;
        private OutputStream out;
        private InputStream in;
        private int pos;
        private int limit;
        private volatile int index = -1;
        private volatile long due;
        private long lastUsed;
        private volatile boolean closed;
        // what the head of the answer being read said about its framing
        private long length;
        private boolean chunked;
        private boolean closeRequested;
        private boolean keepAlive;

        Connection(int number, long[] latency, AtomicInteger errors, CountDownLatch answered,
                LinkedBlockingDeque<Connection> idle) {
            this.number = number;
            this.latency = latency;
            this.errors = errors;
            this.answered = answered;
            this.idle = idle;
        }

        void connect() throws IOException {
            Socket s = new Socket();
            s.setTcpNoDelay(true);
            s.setSoTimeout(60_000);
            s.connect(new InetSocketAddress(host, port), 10_000);
            out = s.getOutputStream();
            in = s.getInputStream();
            pos = 0;
            limit = 0;
            socket = s;
            lastUsed = System.nanoTime();
            Thread reader = new Thread(this, "open-loop-" + port + "-" + number);
            reader.setDaemon(true);
            reader.start();
        }

        /** On the sending thread; the connection is idle, so its reader is waiting for this request's answer. */
        void send(int i, long dueNanos, byte[] request, long now) {
            Socket s = socket;
            try {
                if (s == null || now - lastUsed > STALE_NANOS) {
                    closeSocket();
                    connect();
                    s = socket;
                }
                lastUsed = now;
                due = dueNanos;
                index = i;
                out.write(request);
            } catch (IOException e) {
                failed(s);
            }
        }

        @Override
        public void run() {
            Socket mine = socket;
            try {
                while (!closed && socket == mine) {
                    boolean ok = readAnswer();
                    long end = System.nanoTime();
                    int i = index;
                    if (i < 0) {
                        throw new IOException("an answer to no request");
                    }
                    index = -1;
                    if (ok) {
                        latency[i] = end - due;
                    } else {
                        errors.incrementAndGet();
                    }
                    answered.countDown();
                    if (keepAlive) {
                        idle.offerFirst(this);
                    } else {
                        closeSocket();
                        connect();
                        idle.offerFirst(this);
                        return;
                    }
                }
            } catch (IOException | RuntimeException e) {
                failed(mine);
            }
        }

        /**
         * A request lost with its connection: an error; the connection is opened again for the next one. Both the
         * sender and the reader may see the same failure: only the first, while the socket is still {@code which}, acts.
         */
        private synchronized void failed(Socket which) {
            if (closed || which == null || socket != which) {
                return;
            }
            int i = index;
            index = -1;
            closeSocket();
            if (i >= 0) {
                errors.incrementAndGet();
                answered.countDown();
            }
            try {
                connect();
                idle.offerFirst(this);
            } catch (IOException e) {
                // this connection is gone for the run; the others carry the load
            }
        }

        /**
         * Reads one whole answer; true when its status is 200 (anything else is an error, as forward auth in observe
         * mode and the no-op answer 200). Malformed framing throws: the connection cannot be trusted any more.
         */
        private boolean readAnswer() throws IOException {
            int status;
            boolean http10;
            do {
                String line = line();
                if (line.length() < 12 || !(line.startsWith("HTTP/1.1 ") || line.startsWith("HTTP/1.0 "))
                        || (line.length() > 12 && line.charAt(12) != ' ')) {
                    throw new IOException("bad status line: " + line);
                }
                http10 = line.charAt(7) == '0';
                for (int d = 9; d < 12; d++) {
                    if (line.charAt(d) < '0' || line.charAt(d) > '9') {
                        throw new IOException("bad status line: " + line);
                    }
                }
                status = Integer.parseInt(line, 9, 12, 10);
                if (status < 100 || status > 599) {
                    throw new IOException("bad status: " + line);
                }
                readHeaders();
            } while (status >= 100 && status < 200);
            keepAlive = !http10 && !closeRequested;
            if (status == 204 || status == 304) {
                if (chunked || length > 0) {
                    throw new IOException("a body on a " + status);
                }
            } else if (chunked) {
                for (long size = chunkSize(); size > 0; size = chunkSize()) {
                    skip(size);
                    crlf();
                }
                while (!line().isEmpty()) {
                    // trailer fields: nothing here needs them
                }
            } else if (length >= 0) {
                skip(length);
            } else {
                // no framing: the body runs to the end of the connection
                while (fill()) {
                    pos = limit;
                }
                keepAlive = false;
            }
            return status == 200;
        }

        private void readHeaders() throws IOException {
            length = -1;
            chunked = false;
            closeRequested = false;
            for (int n = 0; ; n++) {
                String line = line();
                if (line.isEmpty()) {
                    break;
                }
                if (n == MAX_HEADERS) {
                    throw new IOException("more than " + MAX_HEADERS + " header fields");
                }
                int colon = line.indexOf(':');
                if (colon <= 0 || line.charAt(colon - 1) == ' ' || line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                    throw new IOException("bad header field: " + line);
                }
                String name = line.substring(0, colon);
                String value = line.substring(colon + 1).strip();
                if (name.equalsIgnoreCase("Content-Length")) {
                    if (value.isEmpty() || !value.chars().allMatch(Character::isDigit) || value.length() > 18) {
                        throw new IOException("bad Content-Length: " + value);
                    }
                    long parsed = Long.parseLong(value);
                    if (length >= 0 && length != parsed) {
                        throw new IOException("two different Content-Length fields");
                    }
                    length = parsed;
                } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                    String[] codings = value.split(",");
                    if (!codings[codings.length - 1].strip().equalsIgnoreCase("chunked")) {
                        throw new IOException("Transfer-Encoding not ending in chunked: " + value);
                    }
                    chunked = true;
                } else if (name.equalsIgnoreCase("Connection")) {
                    for (String option : value.split(",")) {
                        closeRequested |= option.strip().equalsIgnoreCase("close");
                    }
                }
            }
            if (chunked && length >= 0) {
                throw new IOException("both Content-Length and chunked");
            }
        }

        private long chunkSize() throws IOException {
            String line = line();
            int end = line.indexOf(';');
            String hex = (end < 0 ? line : line.substring(0, end)).strip();
            if (hex.isEmpty() || hex.length() > 15) {
                throw new IOException("bad chunk size: " + line);
            }
            try {
                return Long.parseLong(hex, 16);
            } catch (NumberFormatException e) {
                throw new IOException("bad chunk size: " + line, e);
            }
        }

        private void crlf() throws IOException {
            if (!line().isEmpty()) {
                throw new IOException("chunk data longer than its size");
            }
        }

        /** A line ended by CRLF (a bare LF or CR is malformed), without it. */
        private String line() throws IOException {
            StringBuilder line = new StringBuilder();
            while (true) {
                if (pos == limit && !fill()) {
                    throw new IOException("connection closed mid-answer");
                }
                byte b = buffer[pos++];
                if (b == '\r') {
                    if (pos == limit && !fill()) {
                        throw new IOException("connection closed mid-answer");
                    }
                    if (buffer[pos++] != '\n') {
                        throw new IOException("CR without LF");
                    }
                    return line.toString();
                }
                if (b == '\n' || b == 0) {
                    throw new IOException("bare LF or NUL in the head");
                }
                if (line.length() == MAX_LINE) {
                    throw new IOException("line longer than " + MAX_LINE);
                }
                line.append((char) (b & 0xff));
            }
        }

        private void skip(long n) throws IOException {
            while (n > 0) {
                if (pos == limit && !fill()) {
                    throw new IOException("connection closed mid-body");
                }
                int take = (int) Math.min(n, limit - pos);
                pos += take;
                n -= take;
            }
        }

        private boolean fill() throws IOException {
            int read = in.read(buffer, 0, buffer.length);
            if (read < 0) {
                return false;
            }
            pos = 0;
            limit = read;
            return true;
        }

        private synchronized void closeSocket() {
            Socket s = socket;
            socket = null;
            if (s != null) {
                try {
                    s.close();
                } catch (IOException e) {
                    // closing anyway
                }
            }
        }

        void close() {
            closed = true;
            closeSocket();
        }
    }
}
