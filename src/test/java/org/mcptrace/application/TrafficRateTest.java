package org.mcptrace.application;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.mcptrace.domain.resolution.Severity;

class TrafficRateTest {

    @Test
    void countsPerSecondAndSeverity() {
        TrafficRate rate = new TrafficRate();
        rate.record(1000, Severity.ERROR);
        rate.record(1000, Severity.ERROR);
        rate.record(1000, Severity.INFO);
        rate.record(1002, Severity.WARNING);
        long[][] series = rate.lastSeconds(1002, 3);
        assertArrayEquals(new long[] {1, 0, 2}, series[0]);
        assertArrayEquals(new long[] {0, 0, 0}, series[1]);
        assertArrayEquals(new long[] {0, 1, 0}, series[2]);
    }

    @Test
    void forgetsSecondsOlderThanItsWindow() {
        TrafficRate rate = new TrafficRate();
        rate.record(1000, Severity.ERROR);
        rate.record(1000 + TrafficRate.SECONDS, Severity.INFO);
        long[][] series = rate.lastSeconds(1000 + TrafficRate.SECONDS, 1);
        assertArrayEquals(new long[] {1, 0, 0}, series[0], "the reused slot starts from zero");
        assertEquals(0, rate.lastSeconds(1000 + TrafficRate.SECONDS, 299)[0][2]);
    }
}
