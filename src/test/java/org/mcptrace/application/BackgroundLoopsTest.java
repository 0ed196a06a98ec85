package org.mcptrace.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** No failure stops a background loop: it is counted, logged at most once a minute, and the next round runs. */
class BackgroundLoopsTest {

    private static final Duration PERIOD = Duration.ofMillis(5);

    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2);
    private final BackgroundLoops loops = new BackgroundLoops();
    private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void setUp() {
        loops.scheduler = executor;
        BackgroundLoops.LOG.addHandler(handler);
        BackgroundLoops.LOG.setUseParentHandlers(false);
    }

    @AfterEach
    void tearDown() {
        loops.stop();
        executor.shutdownNow();
        BackgroundLoops.LOG.removeHandler(handler);
        BackgroundLoops.LOG.setUseParentHandlers(true);
    }

    /** Every kind of throwable a round can end with, short of the JVM itself failing. */
    @Test
    void theNextRoundRunsAfterAnyFailure() {
        List<Throwable> failures = List.of(new NullPointerException("inFlight is null"),
                new IllegalStateException("socket busy"), new AssertionError("broken invariant"),
                new NoClassDefFoundError("undeployed"), new Exception("checked, sneaked through") {
                });
        AtomicInteger round = new AtomicInteger();
        BackgroundLoops.Loop loop = loops.every("test", PERIOD, () -> {
            int n = round.getAndIncrement();
            if (n < failures.size()) {
                sneakyThrow(failures.get(n));
            }
        });
        waitUntil(() -> round.get() > failures.size() + 3);
        assertEquals(failures.size(), loop.failures());
        assertTrue(loop.running());
        assertFalse(loop.ended());
    }

    @Test
    void failuresAreLoggedAtWarningWithTheirCauseAtMostOnceAMinute() {
        RuntimeException cause = new IllegalStateException("always");
        BackgroundLoops.Loop loop = loops.every("noisy", PERIOD, () -> {
            throw cause;
        });
        waitUntil(() -> loop.failures() >= 50);
        assertEquals(1, logged.size(), "one report for " + loop.failures() + " failures within a minute");
        LogRecord record = logged.get(0);
        assertEquals(Level.WARNING, record.getLevel());
        assertSame(cause, record.getThrown());
        assertTrue(record.getMessage().contains("'noisy'"), record.getMessage());
    }

    @Test
    void aFailedPartOfARoundIsCountedAndTheRoundGoesOn() {
        AtomicInteger after = new AtomicInteger();
        BackgroundLoops.Loop[] self = new BackgroundLoops.Loop[1];
        self[0] = loops.every("parts", PERIOD, () -> {
            if (self[0] != null) {
                self[0].failed(new IllegalStateException("one console"));
            }
            after.incrementAndGet();
        });
        waitUntil(() -> after.get() > 10 && self[0].failures() > 5);
        assertEquals(1, logged.size());
    }

    /** After an OutOfMemoryError nothing can be trusted: the loop ends, and health says so. */
    @Test
    void aVirtualMachineErrorEndsTheLoop() {
        BackgroundLoops.Loop loop = loops.every("doomed", PERIOD, () -> {
            throw new OutOfMemoryError("simulated");
        });
        waitUntil(loop::ended);
        assertFalse(loop.running());
        assertEquals(0, loop.failures());
    }

    @Test
    void aCancelledLoopIsNotRunning() {
        BackgroundLoops.Loop loop = loops.every("short", PERIOD, () -> { });
        waitUntil(() -> loop.rounds() > 2);
        assertTrue(loop.running());
        loop.cancel();
        assertFalse(loop.running());
    }

    @Test
    void namesAreUnique() {
        loops.every("once", PERIOD, () -> { });
        assertThrows(IllegalStateException.class, () -> loops.every("once", PERIOD, () -> { }));
    }

    @Test
    void runNowRunsAGuardedRoundBesidesTheSchedule() {
        AtomicInteger rounds = new AtomicInteger();
        BackgroundLoops.Loop loop = loops.every("slow", Duration.ofHours(1), () -> {
            rounds.incrementAndGet();
            throw new IllegalStateException("still guarded");
        });
        loop.runNow();
        loop.runNow();
        waitUntil(() -> rounds.get() == 2 && loop.failures() == 2);
        assertTrue(loop.running());
    }

    private static void waitUntil(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 30 s");
            }
            Thread.onSpinWait();
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> void sneakyThrow(Throwable t) throws T {
        throw (T) t;
    }
}
