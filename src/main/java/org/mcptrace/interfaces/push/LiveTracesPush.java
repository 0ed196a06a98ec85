package org.mcptrace.interfaces.push;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.faces.push.Push;
import jakarta.faces.push.PushContext;
import jakarta.inject.Inject;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.mcptrace.application.Resolved;
import org.mcptrace.domain.trace.TraceEntry;

/**
 * Pushes "traces" to every open console at most once per tick, however many entries arrived in between. The browser
 * then fetches what it shows from the buffer, so the push carries no data and a slow tab only misses ticks.
 */
@ApplicationScoped
public class LiveTracesPush {

    public static final String CHANNEL = "traces";
    private static final Logger LOG = Logger.getLogger(LiveTracesPush.class.getName());

    @Inject
    @Push(channel = CHANNEL)
    PushContext consoles;

    @Inject
    @ConfigProperty(name = "mcptrace.push.interval-ms", defaultValue = "100")
    long intervalMillis;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private final AtomicBoolean pending = new AtomicBoolean();
    private final AtomicLong pushes = new AtomicLong();
    private final AtomicLong oldestUnpushedNanos = new AtomicLong();
    private volatile long lastLagNanos;
    private volatile long lastPushNanos;
    private ScheduledFuture<?> ticker;

    void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        ticker = scheduler.scheduleAtFixedRate(this::tick, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    void arrived(@Observes @Resolved TraceEntry entry) {
        if (!pending.getAndSet(true)) {
            long now = System.nanoTime();
            oldestUnpushedNanos.set(now);
            // the first entry after a quiet spell goes out at once; only a burst waits for the tick
            if (now - lastPushNanos >= TimeUnit.MILLISECONDS.toNanos(intervalMillis)) {
                scheduler.execute(this::tick);
            }
        }
    }

    void tick() {
        if (!pending.getAndSet(false)) {
            return;
        }
        try {
            lastPushNanos = System.nanoTime();
            consoles.send(CHANNEL);
            pushes.incrementAndGet();
            lastLagNanos = System.nanoTime() - oldestUnpushedNanos.get();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "push to consoles failed", e);
        }
    }

    @PreDestroy
    void stop() {
        if (ticker != null) {
            ticker.cancel(false);
        }
    }

    public long pushes() {
        return pushes.get();
    }

    /** How long the oldest entry of the last push waited for it, in milliseconds. */
    public double lastLagMillis() {
        return lastLagNanos / 1_000_000.0;
    }
}
