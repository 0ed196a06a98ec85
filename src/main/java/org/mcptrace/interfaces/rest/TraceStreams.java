package org.mcptrace.interfaces.rest;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import jakarta.inject.Inject;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletResponse;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.mcptrace.application.BackgroundLoops;
import org.mcptrace.application.LiveBuffer;
import org.mcptrace.application.StreamPosition;
import org.mcptrace.application.TraceFilter;
import org.mcptrace.domain.trace.TraceEntry;

/**
 * Feeds every stream client from the live buffer at its own pace, without a thread for any of them while it waits.
 * Nothing is queued per client: a client reads the buffer from its last sequence, so ingestion never waits for it, and
 * one that falls further behind than the buffer holds skips ahead and is told how many entries it missed. Event ids are
 * {@link StreamPosition}s, so a client resumes on any node of a cluster. The events are written by
 * {@link ServerSentEvents}, not JAX-RS's {@code SseEventSink} (the measured reason is there).
 *
 * <p>Each stream is an asynchronous servlet response. One loop ("stream", every {@value #TICK_MILLIS} ms, a
 * {@link BackgroundLoops} loop, so health shows it if it stops) looks at every client and, for one that has something
 * new (or is due a keep-alive) and no write under way, hands its write to the managed executor; the write takes what is
 * new, a few batches at most, and returns the thread. So an open stream holds a thread only while its bytes are written
 * (microseconds for a client that reads), and a client that stops reading holds one only for its own write: never the
 * loop, never another client. Before, each stream was written from its request's thread for as long as it was open;
 * Liberty grows its executor only when it sees threads hung, so a few dozen streams held every other request (forward
 * auth on a login among them) for seconds to a minute.
 *
 * <p>Why not Servlet non-blocking output ({@code WriteListener}): on Liberty 26.0.0.3 a write or flush in non-blocking
 * mode still goes to the socket synchronously ({@code HttpOutputStreamImpl.flushBuffers}, {@code synchWrite}) and blocks
 * while the client does not read, with {@code isReady()} true throughout; one loop writing every client that way is
 * stopped by the first client that stops reading (seen in a thread dump, docs/performance.md).
 */
@ApplicationScoped
public class TraceStreams {

    private static final Logger LOG = Logger.getLogger(TraceStreams.class.getName());
    static final long TICK_MILLIS = 10;
    private static final long KEEP_ALIVE_NANOS = TimeUnit.SECONDS.toNanos(15);
    private static final long SEND_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** Entries read from the buffer, and so written before a flush, at most at once. */
    private static final int BATCH = 256;
    /** Batches written to one client in one write, so that a client far behind hands its thread back now and then. */
    private static final int BATCHES_PER_WRITE = 4;
    private static final long STOP_WAIT_NANOS = TimeUnit.SECONDS.toNanos(3);

    @Inject
    LiveBuffer buffer;

    @Inject
    EntryJsonCache json;

    @Inject
    BackgroundLoops loops;

    @Resource
    ManagedExecutorService writers;

    /** Where the writes run: {@link #writers}, or what a test gives. */
    Executor writing;

    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final Set<Client> clients = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;
    private BackgroundLoops.Loop feeding;

    /**
     * Streams to the asynchronous response of {@code async}, whose head is set, from after {@code resume} (a client's
     * Last-Event-ID), or after what the buffer holds when null, until the client goes, stalls or the server stops. Returns
     * once the opening comment is sent.
     */
    void open(AsyncContext async, TraceFilter filter, StreamPosition resume) throws IOException {
        ServletResponse response = async.getResponse();
        Client client = new Client(response.getOutputStream(), async::complete, filter, resume);
        client.completedByContainer = true;
        async.addListener(client);
        start(client, response::flushBuffer);
    }

    /** As {@link #open(AsyncContext, TraceFilter, StreamPosition)}, on {@code body}, ended by {@code complete}. */
    void open(OutputStream body, Runnable complete, TraceFilter filter, StreamPosition resume) {
        start(new Client(body, complete, filter, resume), body);
    }

    private void start(Client client, Flushable response) {
        try {
            // the head and the opening comment are written and sent in the request's thread: they are small enough
            // never to wait for the client, and the client sees the answer at once however quiet the server is
            client.open(response);
        } catch (IOException e) {
            LOG.log(Level.FINE, "stream client gone", e);
            client.end();
            return;
        }
        clients.add(client);
        synchronized (this) {
            if (feeding == null && !stopping) {
                feeding = loops.every("stream", Duration.ofMillis(TICK_MILLIS), this::feed);
            }
        }
    }

    /**
     * One round of the loop: a client with something to send and no write under way gets a write; one whose write has
     * not returned for the stream's timeout stopped reading and is dropped.
     */
    void feed() {
        long now = System.nanoTime();
        long newest = buffer.highestSequence();
        for (Client client : clients) {
            long since = client.sendingSince;
            if (since != 0) {
                if (now - since > SEND_TIMEOUT_NANOS && client.stall()) {
                    LOG.fine("stream client stalled; dropping it");
                }
            } else if (client.due(newest, now)) {
                client.sendingSince = now;
                try {
                    (writing != null ? writing : writers).execute(client::write);
                } catch (RuntimeException e) {
                    // the executor refused the write (the server stops): the next round tries again, the others go on
                    client.sendingSince = 0;
                    if (feeding != null) {
                        feeding.failed(e);
                    }
                }
            }
        }
    }

    /** Ends the streams as soon as the application begins to stop, while the web container still runs it. */
    void stopping(@Observes(notifyObserver = Reception.IF_EXISTS) @BeforeDestroyed(ApplicationScoped.class) Object event) {
        stop();
    }

    /**
     * Stops feeding and ends every stream, waiting (a few seconds at most) until the container has completed them:
     * a stream left open holds the server's stop until its quiesce timeout, and completions the container ran after
     * the application was gone left Weld's request-context guard set on pool threads (WELD-000714, -000225 and -000335
     * warnings on the next requests those threads served).
     */
    @PreDestroy
    synchronized void stop() {
        if (stopping) {
            return;
        }
        stopping = true;
        if (feeding != null) {
            feeding.cancel();
        }
        List<Client> open = List.copyOf(clients);
        open.forEach(Client::end);
        long deadline = System.nanoTime() + STOP_WAIT_NANOS;
        try {
            for (Client client : open) {
                client.completed.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public int connected() {
        return clients.size();
    }

    public long skipped() {
        return skipped.get();
    }

    public long dropped() {
        return dropped.get();
    }

    /** One stream client: where it has read to, and its connection. */
    private final class Client implements AsyncListener {

        private final Runnable complete;
        private final TraceFilter filter;
        private final StreamPosition position;
        /** On another node's position: every entry here that the client had been through there is passed over. */
        private final StreamPosition covered;
        private final String opening;
        private final ServerSentEvents events;
        private final AtomicBoolean ended = new AtomicBoolean();
        private final AtomicBoolean stalled = new AtomicBoolean();
        /** Counted down once the response is complete: by the container's onComplete, or at once without one. */
        final CountDownLatch completed = new CountDownLatch(1);
        boolean completedByContainer;
        /** System.nanoTime() when the write under way was handed out; 0 while none is. */
        volatile long sendingSince;
        private volatile long last;
        private volatile long idleSince = System.nanoTime();

        Client(OutputStream body, Runnable complete, TraceFilter filter, StreamPosition resume) {
            this.events = new ServerSentEvents(body);
            this.complete = complete;
            this.filter = filter;
            if (resume == null) {
                List<TraceEntry> held = buffer.after(0, buffer.capacity());
                position = StreamPosition.after(held, held.isEmpty() ? 0 : held.get(held.size() - 1).getSequence());
                covered = null;
            } else if (resume.sequenceHere().isPresent()) {
                position = resume.copy();
                covered = null;
            } else {
                covered = resume;
                position = resume.copy();
                position.skippedTo(buffer.oldestRetained() - 1);
            }
            last = position.sequence();
            opening = "mcptrace live trace stream: " + buffer.size() + " entries buffered, "
                    + (resume == null ? "new entries follow" : "resuming after " + resume.id());
        }

        /** Writes and sends the opening comment. */
        void open(Flushable response) throws IOException {
            events.comment(opening);
            events.flush();
            // Liberty only marks the response committed at the first flush and sends nothing; the next one sends
            response.flush();
        }

        /** Whether the buffer holds entries this client has not read, or a keep-alive is due. */
        boolean due(long newest, long now) {
            return !ended.get() && (newest > last || now - idleSince > KEEP_ALIVE_NANOS);
        }

        /** Counts the client as dropped, once; its stream ends as soon as its write returns. */
        boolean stall() {
            if (stalled.compareAndSet(false, true)) {
                dropped.incrementAndGet();
                return true;
            }
            return false;
        }

        /** Writes what is new for this client, a few batches at most; one write at a time (the loop sees to it). */
        void write() {
            try {
                for (int batch = 0; batch < BATCHES_PER_WRITE && !ended.get() && next(); batch++) {
                    // blocks while the client does not read; only this write waits
                    events.flush();
                    if (stalled.get()) {
                        // the loop gave up on this client while the write was blocked; that it got through late
                        // changes nothing
                        end();
                    }
                }
            } catch (IOException e) {
                // the client went away: an ordinary end of a stream
                LOG.log(Level.FINE, "stream client gone", e);
                end();
            } catch (RuntimeException e) {
                // a fault here, not the client's: counted and logged with the loop's failures; the others go on
                if (feeding != null) {
                    feeding.failed(e);
                } else {
                    LOG.log(Level.WARNING, "stream client failed", e);
                }
                end();
            } finally {
                sendingSince = 0;
            }
        }

        /** Writes the next events; false when there is nothing to send. */
        private boolean next() throws IOException {
            List<TraceEntry> batch = buffer.after(last, BATCH);
            if (batch.isEmpty()) {
                if (System.nanoTime() - idleSince > KEEP_ALIVE_NANOS) {
                    events.comment("keep-alive");
                    idleSince = System.nanoTime();
                    return true;
                }
                return false;
            }
            // each entry's JSON comes from the cache the ingestion answer filled
            for (TraceEntry entry : batch) {
                if (entry.getSequence() > last + 1) {
                    // the entries between fell off the buffer before this client read them: it was further behind
                    // than the buffer holds, or writers passed it while it read (a client at the buffer's far end
                    // meets that on nearly every read under load). Told with the count, never left out silently.
                    long missed = entry.getSequence() - last - 1;
                    skipped.addAndGet(missed);
                    position.skippedTo(entry.getSequence() - 1);
                    events.event("skipped", position.id(), "{\"skipped\":" + missed + "}");
                }
                last = entry.getSequence();
                boolean seen = covered != null && covered.covers(entry);
                position.passed(entry);
                if (!seen && (filter.isEmpty() || filter.test(entry))) {
                    events.event("trace", position.id(), json.json(entry));
                }
            }
            idleSince = System.nanoTime();
            return true;
        }

        /** Ends the stream, once: the response is completed and the client forgotten. */
        void end() {
            if (ended.compareAndSet(false, true)) {
                clients.remove(this);
                try {
                    complete.run();
                } catch (RuntimeException e) {
                    // completed already, or its connection is gone
                    LOG.log(Level.FINE, "stream already complete", e);
                    completed.countDown();
                }
                if (!completedByContainer) {
                    completed.countDown();
                }
            }
        }

        @Override
        public void onComplete(AsyncEvent event) {
            end();
            completed.countDown();
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            end();
        }

        @Override
        public void onError(AsyncEvent event) {
            LOG.log(Level.FINE, "stream client gone", event.getThrowable());
            end();
            completed.countDown();
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // not restarted
        }
    }
}
