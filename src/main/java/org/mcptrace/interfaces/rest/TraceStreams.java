package org.mcptrace.interfaces.rest;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 * on any node of a cluster.
 */
@ApplicationScoped
public class TraceStreams {

    private static final Logger LOG = Logger.getLogger(TraceStreams.class.getName());
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long KEEP_ALIVE_NANOS = TimeUnit.SECONDS.toNanos(15);
    private static final long SEND_TIMEOUT_SECONDS = 10;
    private static final long SEND_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(SEND_TIMEOUT_SECONDS);
    /** Entries read from the buffer, and so handed to the sink, at most at once: all that is ever in flight. */
    private static final int BATCH = 256;

    @Inject
    LiveBuffer buffer;

    @Inject
    EntryJsonCache json;

    @Resource
    ManagedExecutorService executor;

    @Inject
    BackgroundLoops loops;

    private final AtomicInteger connected = new AtomicInteger();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final Set<Client> clients = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;
    private BackgroundLoops.Loop watching;

    /** One stream client, and how long its current send has been under way. */
    private final class Client {
        final SseEventSink sink;
        /** System.nanoTime() when the send under way began; 0 while none is. */
        volatile long sendingSince;
        private final AtomicBoolean stalled = new AtomicBoolean();

        Client(SseEventSink sink) {
            this.sink = sink;
        }

        /** Counts the client as dropped, once, and lets the feed loop end it. */
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

    /** Opens a stream after {@code resume} (a client's Last-Event-ID), or after what the buffer holds when null. */
    void open(SseEventSink sink, Sse sse, TraceFilter filter, StreamPosition resume) {
        Client client = new Client(sink);
        connected.incrementAndGet();
        clients.add(client);
        watch();
        executor.execute(() -> {
            try {
                feed(client, sse, filter, resume);
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "stream client gone", e);
            } finally {
                clients.remove(client);
                connected.decrementAndGet();
                close(sink);
            }
        });
    }

    private void feed(Client client, Sse sse, TraceFilter filter, StreamPosition resume) {
        SseEventSink sink = client.sink;
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
        send(client, sse.newEventBuilder().comment("mcptrace live trace stream: " + buffer.size() + " entries buffered, "
                + (resume == null ? "new entries follow" : "resuming after " + resume.id())).build());
        long idleSince = System.nanoTime();
        while (!sink.isClosed() && !stopping) {
            long oldest = buffer.oldestRetained();
            if (last + 1 < oldest && buffer.highestSequence() >= oldest) {
                long missed = oldest - last - 1;
                skipped.addAndGet(missed);
                last = oldest - 1;
                position.skippedTo(last);
                send(client, sse.newEventBuilder().name("skipped").id(position.id())
                        .mediaType(MediaType.APPLICATION_JSON_TYPE).data(String.class, "{\"skipped\":" + missed + "}").build());
            }
            List<TraceEntry> batch = buffer.after(last, BATCH);
            if (batch.isEmpty()) {
                if (System.nanoTime() - idleSince > KEEP_ALIVE_NANOS) {
                    send(client, sse.newEventBuilder().comment("keep-alive").build());
                    idleSince = System.nanoTime();
                }
                LockSupport.parkNanos(IDLE_PARK_NANOS);
                continue;
            }
            // the whole batch is handed to the sink before waiting, and then only for the last event: events are
            // written in order, so once the last is out all are. Waiting for each event instead costs a thread handoff
            // per entry. Each entry's JSON comes from the cache the ingestion answer filled.
            client.sendingSince = System.nanoTime();
            CompletionStage<?> lastSent = null;
            for (TraceEntry entry : batch) {
                last = entry.getSequence();
                boolean seen = covered != null && covered.covers(entry);
                position.passed(entry);
                if (!seen && (filter.isEmpty() || filter.test(entry))) {
                    lastSent = sendAsync(sink, sse.newEventBuilder().name("trace").id(position.id())
                            .mediaType(MediaType.APPLICATION_JSON_TYPE).data(String.class, json.json(entry)).build());
                }
            }
            await(client, lastSent);
            idleSince = System.nanoTime();
        }
    }

    private void send(Client client, OutboundSseEvent event) {
        client.sendingSince = System.nanoTime();
        await(client, sendAsync(client.sink, event));
    }

    private static CompletionStage<?> sendAsync(SseEventSink sink, OutboundSseEvent event) {
        try {
            return sink.send(event);
        } catch (RuntimeException e) {
            // the sink was closed under us: the client went away
            throw new IllegalStateException("stream client gone", e);
        }
    }

    /** Waits for what was sent since {@code client.sendingSince}; a client that takes too long is dropped. */
    private void await(Client client, CompletionStage<?> sent) {
        try {
            if (sent != null) {
                long left = SEND_TIMEOUT_NANOS - (System.nanoTime() - client.sendingSince);
                sent.toCompletableFuture().get(Math.max(left, 0), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (TimeoutException e) {
            // a client that cannot take an event within the timeout is dropped rather than buffered for
            client.stall();
            throw new IllegalStateException("stream client stalled", e);
        } catch (Exception e) {
            if (client.stalled()) {
                throw new IllegalStateException("stream client stalled", e);
            }
            // the client went away: an ordinary end of a stream, not a drop
            throw new IllegalStateException("stream client gone", e);
        } finally {
            client.sendingSince = 0;
        }
        if (client.stalled()) {
            // the watchdog gave up on this client while its send was blocked; that the send got through late changes
            // nothing
            throw new IllegalStateException("stream client stalled");
        }
    }

    /**
     * Liberty writes an SSE event in the calling thread, so a client that stops reading blocks {@code send} itself
     * until the server's own write timeout, and the future's timeout never comes into play. The watchdog notices
     * such a send at the stream's timeout, counts the client as dropped and closes its stream.
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
                LOG.fine("stream client stalled; closing it");
                // closing waits for the blocked write, so it must not hold up the watchdog
                executor.execute(() -> close(client.sink));
            }
        }
    }

    private static void close(SseEventSink sink) {
        try {
            sink.close();
        } catch (Exception e) {
            LOG.log(Level.FINEST, "closing a stream", e);
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
