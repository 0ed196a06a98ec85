package org.mcptrace.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Waiting on a condition instead of sleeping: probes as often as it answers, fails with the last answer. */
public final class Conditions {

    private Conditions() {
    }

    public static <T> T waitFor(Supplier<T> probe, Predicate<T> done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = probe.get();
        while (!done.test(last)) {
            assertTrue(System.nanoTime() < deadline, "still " + last + " after " + timeout);
            Thread.onSpinWait();
            last = probe.get();
        }
        return last;
    }
}
