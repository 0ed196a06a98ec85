package org.mcptrace.application;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the server's periodic work (the console push, the stream feed, the gateway counter flush) so that no
 * failure can stop it. A periodic task that throws is cancelled for good by its executor, silently but for one log
 * line; here a failed round is caught (anything but a {@link VirtualMachineError}, after which the JVM cannot be
 * trusted), counted, logged at WARNING with its cause at most once a minute per loop, and the next round runs.
 * Rounds run with a fixed delay between them, so a slow round never makes the next ones pile up.
 */
@ApplicationScoped
public class BackgroundLoops {

    static final Logger LOG = Logger.getLogger(BackgroundLoops.class.getName());
    static final long LOG_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

    @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
    ScheduledExecutorService scheduler;

    @Inject
    Event<Loop> started;

    private final Map<String, Loop> loops = new ConcurrentHashMap<>();

    /** Runs {@code round} every {@code period}, first after one period, until {@link Loop#cancel()}. */
    public Loop every(String name, Duration period, Runnable round) {
        Loop loop = new Loop(name, period, round, scheduler);
        if (loops.putIfAbsent(name, loop) != null) {
            throw new IllegalStateException("a background loop named " + name + " runs already");
        }
        loop.future = scheduler.scheduleWithFixedDelay(loop::round, period.toNanos(), period.toNanos(),
                TimeUnit.NANOSECONDS);
        if (started != null) {
            started.fire(loop);
        }
        return loop;
    }

    /** Every loop started, for health and metrics. */
    public List<Loop> all() {
        return List.copyOf(loops.values());
    }

    @PreDestroy
    void stop() {
        loops.values().forEach(Loop::cancel);
    }

    /** One periodic task and what became of its rounds. */
    public static final class Loop {

        private final String name;
        private final Duration period;
        private final Runnable work;
        private final ScheduledExecutorService scheduler;
        private final AtomicLong failures = new AtomicLong();
        private final AtomicLong rounds = new AtomicLong();
        private volatile long lastRoundStartedNanos = System.nanoTime();
        private volatile long runningSinceNanos;
        private long loggedNanos;
        private long unlogged;
        private volatile ScheduledFuture<?> future;

        Loop(String name, Duration period, Runnable work, ScheduledExecutorService scheduler) {
            this.name = name;
            this.period = period;
            this.work = work;
            this.scheduler = scheduler;
        }

        /** One round, guarded; what the schedule runs, and what {@link #runNow()} runs at once. */
        void round() {
            long now = System.nanoTime();
            lastRoundStartedNanos = now;
            runningSinceNanos = now;
            try {
                work.run();
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable e) {
                failed(e);
            } finally {
                runningSinceNanos = 0;
                rounds.incrementAndGet();
            }
        }

        /** Runs a round now, besides the schedule: a burst's first entry need not wait for the next tick. */
        public void runNow() {
            scheduler.execute(this::round);
        }

        /**
         * Counts a failure and logs it, at most once a minute with how many went unlogged since. Also for a part of
         * a round that failed while the rest went on (one console of many).
         */
        public void failed(Throwable cause) {
            failures.incrementAndGet();
            long now = System.nanoTime();
            String more;
            synchronized (this) {
                if (loggedNanos != 0 && now - loggedNanos < LOG_EVERY_NANOS) {
                    unlogged++;
                    return;
                }
                more = unlogged == 0 ? "" : " (and " + unlogged + " more times since the last report)";
                loggedNanos = now;
                unlogged = 0;
            }
            LOG.log(Level.WARNING, "background loop '" + name + "' failed" + more + "; it goes on with the next round",
                    cause);
        }

        public void cancel() {
            ScheduledFuture<?> f = future;
            if (f != null) {
                f.cancel(false);
            }
        }

        public String name() {
            return name;
        }

        /** Failed rounds, and failed parts of rounds, since start; only grows. */
        public long failures() {
            return failures.get();
        }

        public long rounds() {
            return rounds.get();
        }

        /**
         * Whether rounds still come: one started within ten periods (at least a minute), and none has run for more
         * than five minutes. A loop that is not is dead (its task was cancelled) or stuck (a round never returns).
         */
        public boolean running() {
            if (ended()) {
                return false;
            }
            long now = System.nanoTime();
            long running = runningSinceNanos;
            if (running != 0 && now - running > TimeUnit.MINUTES.toNanos(5)) {
                return false;
            }
            long overdue = Math.max(period.toNanos() * 10, TimeUnit.MINUTES.toNanos(1));
            return running != 0 || now - lastRoundStartedNanos <= overdue;
        }

        /** Whether the schedule has ended (cancelled, or killed by a VirtualMachineError). */
        public boolean ended() {
            ScheduledFuture<?> f = future;
            return f != null && f.isDone();
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
