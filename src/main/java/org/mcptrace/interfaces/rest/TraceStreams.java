package org.mcptrace.interfaces.rest;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.mcptrace.application.BackgroundLoops;
import org.mcptrace.application.LiveBuffer;
import org.mcptrace.application.StreamPosition;
import org.mcptrace.application.TraceFilter;
import org.mcptrace.domain.trace.TraceEntry;

/**
 * Feeds each stream client from the live buffer at its own pace. Nothing is queued per client: a client reads the
 * buffer from its last sequence, so ingestion never waits for it, and one that falls further behind than the buffer
 * holds skips ahead and is told how many entries it missed. Event ids are {@link StreamPosition}s, so a client resumes
 * on any node of a cluster. The events are written by {@link ServerSentEvents}, not JAX-RS's {@code SseEventSink}
 * (the measured reason is there).
 */
@ApplicationScoped
public class TraceStreams {

    private static final Logger LOG = Logger.getLogger(TraceStreams.class.getName());
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long KEEP_ALIVE_NANOS = TimeUnit.SECONDS.toNanos(15);
    private static final long SEND_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** Entries read from the buffer, and so written before a flush, at most at once: all that is ever in flight. */
    private static final int BATCH = 256;

    @Inject
    LiveBuffer buffer;

    @Inject
    EntryJsonCache json;

    @Inject
    BackgroundLoops loops;

    private final AtomicInteger connected = new AtomicInteger();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final Set<Client> clients = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;
    private BackgroundLoops.Loop watching;

    /** One stream client, and how long its current write has been under way. */
    private final class Client {
        /** System.nanoTime() when the write under way began; 0 while none is. */
        volatile long sendingSince;
        private final AtomicBoolean stalled = new AtomicBoolean();

        /** Counts the client as dropped, once; its feed ends as soon as its write returns. */
        boolean stall() {
            if (stalled.compareAndSet(false, true)) {
                dropped.incrementAndGet();
                return true;
            }
            return false;
        }

        boolean stalled() {
            return stalled.get();
        }
    }

    /**
     * Writes the stream to {@code body} after {@code resume} (a client's Last-Event-ID), or after what the buffer holds
     * when null, until the client goes, stalls or the server stops. Runs in the request's own thread, as long as the
     * stream lasts.
     */
    void feed(OutputStream body, TraceFilter filter, StreamPosition resume) {
        Client client = new Client();
        connected.incrementAndGet();
        clients.add(client);
        watch();
        try (ServerSentEvents events = new ServerSentEvents(body)) {
            feed(client, events, filter, resume);
        } catch (IOException | RuntimeException e) {
            // the client went away (or the watchdog gave up on it): an ordinary end of a stream
            LOG.log(Level.FINE, "stream client gone", e);
        } finally {
            clients.remove(client);
            connected.decrementAndGet();
        }
    }

    private void feed(Client client, ServerSentEvents events, TraceFilter filter, StreamPosition resume)
            throws IOException {
        StreamPosition position;
        // on another node's position: every entry here that the client had been through there is passed over
        StreamPosition covered = null;
        if (resume == null) {
            List<TraceEntry> held = buffer.after(0, buffer.capacity());
            position = StreamPosition.after(held, held.isEmpty() ? 0 : held.get(held.size() - 1).getSequence());
        } else if (resume.sequenceHere().isPresent()) {
            position = resume.copy();
        } else {
            covered = resume;
            position = resume.copy();
            position.skippedTo(buffer.oldestRetained() - 1);
        }
        long last = position.sequence();
        begin(client);
        events.comment("mcptrace live trace stream: " + buffer.size() + " entries buffered, "
                + (resume == null ? "new entries follow" : "resuming after " + resume.id()));
        end(client, events);
        long idleSince = System.nanoTime();
        while (!stopping) {
            List<TraceEntry> batch = buffer.after(last, BATCH);
            if (batch.isEmpty()) {
                if (System.nanoTime() - idleSince > KEEP_ALIVE_NANOS) {
                    begin(client);
                    events.comment("keep-alive");
                    end(client, events);
                    idleSince = System.nanoTime();
                }
                LockSupport.parkNanos(IDLE_PARK_NANOS);
                continue;
            }
            // the whole batch is written, then flushed once. Each entry's JSON comes from the cache the ingestion
            // answer filled.
            begin(client);
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
            end(client, events);
            idleSince = System.nanoTime();
        }
    }

    private static void begin(Client client) {
        client.sendingSince = System.nanoTime();
    }

    /** Flushes what was written since {@link #begin}; a client the watchdog gave up on meanwhile is ended. */
    private static void end(Client client, ServerSentEvents events) throws IOException {
        try {
            events.flush();
        } finally {
            client.sendingSince = 0;
        }
        if (client.stalled()) {
            // the watchdog gave up on this client while its write was blocked; that it got through late changes
            // nothing
            throw new IOException("stream client stalled");
        }
    }

    /**
     * Liberty writes a response in the calling thread, so a client that stops reading blocks the feed's write until
     * the server's own write timeout. The watchdog notices such a write at the stream's timeout and counts the client
     * as dropped; the feed ends when the write returns or fails.
     */
    private synchronized void watch() {
        if (watching == null && !stopping) {
            watching = loops.every("stream-watchdog", Duration.ofSeconds(1), this::dropStalled);
        }
    }

    private void dropStalled() {
        long now = System.nanoTime();
        for (Client client : clients) {
            long since = client.sendingSince;
            if (since != 0 && now - since > SEND_TIMEOUT_NANOS && client.stall()) {
                LOG.fine("stream client stalled; dropping it");
            }
        }
    }

    @PreDestroy
    synchronized void stop() {
        stopping = true;
        if (watching != null) {
            watching.cancel();
        }
    }

    public int connected() {
        return connected.get();
    }

    public long skipped() {
        return skipped.get();
    }

    public long dropped() {
        return dropped.get();
    }
}
