package org.mcptrace.interfaces.rest;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.mcptrace.application.LiveBuffer;
import org.mcptrace.application.TraceFilter;
import org.mcptrace.domain.trace.TraceEntry;

/**
 * Feeds each stream client from the live buffer at its own pace. Nothing is queued per client: a client reads the
 * buffer from its last sequence, so ingestion never waits for it, and one that falls further behind than the buffer
 * holds skips ahead and is told how many entries it missed.
 */
@ApplicationScoped
public class TraceStreams {

    private static final Logger LOG = Logger.getLogger(TraceStreams.class.getName());
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long KEEP_ALIVE_NANOS = TimeUnit.SECONDS.toNanos(15);
    private static final long SEND_TIMEOUT_SECONDS = 10;

    @Inject
    LiveBuffer buffer;

    @Inject
    EntryJsonCache json;

    @Resource
    ManagedExecutorService executor;

    private final AtomicInteger connected = new AtomicInteger();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean stopping;

    void open(SseEventSink sink, Sse sse, TraceFilter filter, long resumeAfter) {
        long start = resumeAfter >= 0 ? resumeAfter : buffer.highestSequence();
        connected.incrementAndGet();
        executor.execute(() -> {
            try {
                feed(sink, sse, filter, start, resumeAfter >= 0);
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "stream client gone", e);
            } finally {
                connected.decrementAndGet();
                close(sink);
            }
        });
    }

    private void feed(SseEventSink sink, Sse sse, TraceFilter filter, long start, boolean resuming) {
        send(sink, sse.newEventBuilder().comment("mcptrace live trace stream: " + buffer.size() + " entries buffered, "
                + (resuming ? "resuming after " + start : "new entries follow")).build());
        long last = start;
        long idleSince = System.nanoTime();
        while (!sink.isClosed() && !stopping) {
            long oldest = buffer.oldestRetained();
            if (last + 1 < oldest && buffer.highestSequence() >= oldest) {
                long missed = oldest - last - 1;
                skipped.addAndGet(missed);
                send(sink, sse.newEventBuilder().name("skipped").id(Long.toString(oldest - 1))
                        .mediaType(MediaType.APPLICATION_JSON_TYPE).data(String.class, "{\"skipped\":" + missed + "}").build());
                last = oldest - 1;
            }
            List<TraceEntry> batch = buffer.after(last, 256);
            if (batch.isEmpty()) {
                if (System.nanoTime() - idleSince > KEEP_ALIVE_NANOS) {
                    send(sink, sse.newEventBuilder().comment("keep-alive").build());
                    idleSince = System.nanoTime();
                }
                LockSupport.parkNanos(IDLE_PARK_NANOS);
                continue;
            }
            // the whole batch is handed to the sink before waiting, and then only for the last event: events are
            // written in order, so once the last is out all are. Waiting for each event instead costs a thread handoff
            // per entry. At most one batch is ever in flight, so nothing piles up for a slow client.
            CompletionStage<?> lastSent = null;
            for (TraceEntry entry : batch) {
                last = entry.getSequence();
                if (filter.isEmpty() || filter.test(entry)) {
                    lastSent = sendAsync(sink, sse.newEventBuilder().name("trace").id(Long.toString(last))
                            .mediaType(MediaType.APPLICATION_JSON_TYPE).data(String.class, json.json(entry)).build());
                }
            }
            if (lastSent != null) {
                await(lastSent);
            }
            idleSince = System.nanoTime();
        }
    }

    private void send(SseEventSink sink, OutboundSseEvent event) {
        await(sendAsync(sink, event));
    }

    private static CompletionStage<?> sendAsync(SseEventSink sink, OutboundSseEvent event) {
        try {
            return sink.send(event);
        } catch (RuntimeException e) {
            // the sink was closed under us: the client went away
            throw new IllegalStateException("stream client gone", e);
        }
    }

    private void await(CompletionStage<?> sent) {
        try {
            sent.toCompletableFuture().get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.TimeoutException e) {
            // a client that cannot take an event within the timeout is dropped rather than buffered for
            dropped.incrementAndGet();
            throw new IllegalStateException("stream client stalled", e);
        } catch (Exception e) {
            // the client went away: an ordinary end of a stream, not a drop
            throw new IllegalStateException("stream client gone", e);
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
    void stop() {
        stopping = true;
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
