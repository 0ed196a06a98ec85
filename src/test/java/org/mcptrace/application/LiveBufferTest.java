package org.mcptrace.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.stream.LongStream;
import org.mcptrace.domain.resolution.AuthorizationRequest;
import org.mcptrace.domain.resolution.ConfigurationSnapshot;
import org.mcptrace.domain.resolution.Decision;
import org.mcptrace.domain.resolution.Resolution;
import org.mcptrace.domain.resolution.Resolver;
import org.mcptrace.domain.resolution.Severity;
import org.mcptrace.domain.trace.AuthorizationReport;
import org.mcptrace.domain.trace.TraceEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LiveBufferTest {

    static TraceEntry entry(long sequence, String clientIp) {
        AuthorizationReport report = new AuthorizationReport(Instant.EPOCH, null, null, clientIp,
                AuthorizationRequest.of("https://claude.ai/api/mcp/auth_callback", "https://mcp.example.com/mcp", null));
        return new TraceEntry(TraceIds.of(sequence), sequence, report,
                Resolver.resolve(report.request(), ConfigurationSnapshot.empty()), null);
    }

    static LiveBuffer filled(int capacity, long count) {
        LiveBuffer buffer = new LiveBuffer(capacity);
        LongStream.rangeClosed(1, count).forEach(s -> buffer.append(entry(s, "10.0.0." + (s % 250))));
        return buffer;
    }

    @ParameterizedTest(name = "capacity {0}, {1} appended -> holds {2}, oldest {3}")
    @CsvSource({"10, 0, 0, 1", "10, 3, 3, 1", "10, 10, 10, 1", "10, 11, 10, 2", "10, 25, 10, 16", "1, 5, 1, 5"})
    void staysBounded(int capacity, long appended, int held, long oldest) {
        LiveBuffer buffer = filled(capacity, appended);
        assertEquals(held, buffer.size());
        assertEquals(held, buffer.count(TraceFilter.ALL, 0));
        assertEquals(appended, buffer.totalAppended());
        List<TraceEntry> all = buffer.newest(TraceFilter.ALL, 0, 1000);
        assertEquals(held, all.size());
        if (held > 0) {
            assertEquals(appended, all.get(0).getSequence(), "newest first");
            assertEquals(oldest, all.get(all.size() - 1).getSequence());
        }
    }

    @Test
    void pagesNewestFirst() {
        LiveBuffer buffer = filled(100, 30);
        assertEquals(List.of(20L, 19L, 18L), buffer.newest(TraceFilter.ALL, 10, 3).stream().map(TraceEntry::getSequence).toList());
    }

    @Test
    void findsByIdOnlyWhileHeld() {
        LiveBuffer buffer = filled(5, 12);
        assertTrue(buffer.byId(TraceIds.of(12)).isPresent());
        assertTrue(buffer.byId(TraceIds.of(8)).isPresent());
        assertTrue(buffer.byId(TraceIds.of(7)).isEmpty(), "overwritten");
        assertTrue(buffer.byId(TraceIds.of(13)).isEmpty(), "not yet");
        assertTrue(buffer.byId("nonsense").isEmpty());
        assertTrue(buffer.byId("zz-3").isEmpty(), "an id from another boot never names an entry of this one");
    }

    @Test
    void resumesAfterASequenceOldestFirst() {
        LiveBuffer buffer = filled(10, 25);
        assertEquals(List.of(23L, 24L, 25L), buffer.after(22, 100).stream().map(TraceEntry::getSequence).toList());
        assertEquals(16L, buffer.after(0, 100).get(0).getSequence(), "a client far behind starts at the oldest held");
        assertEquals(2, buffer.after(0, 2).size());
    }

    @Test
    void neverSkipsAnEntryStillInFlight() {
        LiveBuffer buffer = new LiveBuffer(100);
        buffer.append(entry(1, "10.0.0.1"));
        buffer.append(entry(3, "10.0.0.3"));
        assertEquals(List.of(1L), buffer.after(0, 10).stream().map(TraceEntry::getSequence).toList());
        buffer.append(entry(2, "10.0.0.2"));
        assertEquals(List.of(1L, 2L, 3L), buffer.after(0, 10).stream().map(TraceEntry::getSequence).toList());
    }

    @Test
    void filtersWhileCounting() {
        LiveBuffer buffer = filled(1000, 500);
        TraceFilter filter = new TraceFilter(null, null, null, null, "10.0.0.7");
        int matching = buffer.count(filter, 0);
        assertEquals(buffer.newest(filter, 0, 1000).size(), matching);
        assertTrue(matching > 0 && matching < 500);
    }

    @Test
    void takesTheCensusInOnePass() {
        LiveBuffer buffer = filled(10, 25);
        TraceFilter filter = new TraceFilter(null, null, null, null, "10.0.0.2");
        LiveBuffer.Census all = buffer.census(filter, Long.MAX_VALUE);
        assertEquals(10, java.util.Arrays.stream(all.bySeverity()).sum(), "every held entry, whatever the filter");
        assertEquals(10, all.held());
        assertEquals(buffer.count(filter, 0), all.matching());
        LiveBuffer.Census paused = buffer.census(TraceFilter.ALL, 20);
        assertEquals(5, paused.held(), "16..20 are held and not above the pause");
        assertEquals(5, paused.matching());
        assertEquals(10, java.util.Arrays.stream(paused.bySeverity()).sum(), "counters keep counting while paused");
    }

    static TraceEntry entry(long sequence, Severity severity) {
        AuthorizationReport report = new AuthorizationReport(Instant.EPOCH, null, null, "10.0.0.1",
                AuthorizationRequest.of("https://claude.ai/api/mcp/auth_callback", "https://mcp.example.com/mcp", null));
        Resolution resolution = new Resolution(null, null, null, List.of(), severity,
                severity == Severity.ERROR ? Decision.DENIED : Decision.ALLOWED, 0);
        return new TraceEntry(TraceIds.of(sequence), sequence, report, resolution, null);
    }

    /**
     * An unfiltered console's counters come from counts kept as entries come and go: they must say what reading every
     * held entry says, while the buffer fills, after it wraps, below a pause, and with an entry still in flight.
     */
    @ParameterizedTest(name = "capacity {0}, {1} appended")
    @CsvSource({"1, 5", "10, 0", "10, 7", "10, 10", "10, 37", "100, 1000"})
    void countsWhatAWalkCounts(int capacity, int appended) {
        LiveBuffer buffer = new LiveBuffer(capacity);
        java.util.function.Predicate<TraceEntry> everything = e -> true;
        Severity[] severities = Severity.values();
        for (int s = 1; s <= appended; s++) {
            buffer.append(entry(s, severities[(s * 7 + s / 3) % severities.length]));
            for (long upTo : new long[] {Long.MAX_VALUE, s, s - 1, s - capacity / 2, 0}) {
                assertSameCensus(buffer.walkedCensus(everything, upTo), buffer.census(TraceFilter.ALL, upTo));
            }
        }
        // one taken by a request that has not stored it yet: until it is, the entry its slot still holds is counted
        // (the walk, reading from the newest sequence down, already leaves it out), then stored
        buffer.append(entry(appended + 2, Severity.WARNING));
        LiveBuffer.Census walked = buffer.walkedCensus(everything, appended);
        LiveBuffer.Census counted = buffer.census(TraceFilter.ALL, appended);
        long extra = java.util.Arrays.stream(counted.bySeverity()).sum() - java.util.Arrays.stream(walked.bySeverity()).sum();
        assertEquals(capacity > 1 && appended + 2 > capacity ? 1 : 0, extra, "at most the entry the one in flight replaces");
        buffer.append(entry(appended + 1, Severity.INFO));
        assertSameCensus(buffer.walkedCensus(everything, Long.MAX_VALUE), buffer.census(TraceFilter.ALL, Long.MAX_VALUE));
        // a writer behind by more than the capacity: its entry has fallen off already and the newer one stays
        long newest = buffer.highestSequence();
        if (newest > capacity) {
            buffer.append(entry(newest - capacity, Severity.ERROR));
            assertEquals(newest, buffer.newest(TraceFilter.ALL, 0, 1).get(0).getSequence());
            assertSameCensus(buffer.walkedCensus(everything, Long.MAX_VALUE),
                    buffer.census(TraceFilter.ALL, Long.MAX_VALUE));
        }
    }

    private static void assertSameCensus(LiveBuffer.Census walked, LiveBuffer.Census counted) {
        assertEquals(java.util.Arrays.toString(walked.bySeverity()), java.util.Arrays.toString(counted.bySeverity()));
        assertEquals(walked.held(), counted.held(), "held");
        assertEquals(walked.matching(), counted.matching(), "matching");
    }

    @Test
    void concurrentWritersLoseNothing() throws InterruptedException {
        LiveBuffer buffer = new LiveBuffer(100_000);
        java.util.concurrent.atomic.AtomicLong sequence = new java.util.concurrent.atomic.AtomicLong();
        Thread[] writers = new Thread[4];
        for (int t = 0; t < writers.length; t++) {
            writers[t] = new Thread(() -> {
                for (int i = 0; i < 10_000; i++) {
                    buffer.append(entry(sequence.incrementAndGet(), "10.0.0.1"));
                }
            });
            writers[t].start();
        }
        for (Thread writer : writers) {
            writer.join();
        }
        assertEquals(40_000, buffer.count(TraceFilter.ALL, 0));
        assertEquals(40_000, buffer.after(0, 100_000).size());
        assertEquals(40_000, java.util.Arrays.stream(buffer.census(TraceFilter.ALL, Long.MAX_VALUE).bySeverity()).sum());
    }

    @Test
    void settlesBelowAnEntryStillBeingWritten() {
        LiveBuffer buffer = filled(100, 5);
        assertEquals(5, buffer.settled());
        buffer.append(entry(7, "10.0.0.7"));   // 6 is taken by a request that has not stored it yet
        assertEquals(5, buffer.settled(), "a console sent up to 7 would never see 6");
        buffer.append(entry(6, "10.0.0.6"));
        assertEquals(7, buffer.settled());
        assertEquals(0, new LiveBuffer(10).settled(), "empty");
    }

    @ParameterizedTest(name = "after {0}, limit {1} -> {2}, up to {3}")
    @CsvSource({"0, 3, '30,29,28', 30", "27, 10, '30,29,28', 30", "30, 10, '', 30", "5, 2, '30,29', 30"})
    void sendsAConsoleTheNewestItHasNotSeen(long after, int limit, String expected, long upTo) {
        LiveBuffer buffer = filled(100, 30);
        LiveBuffer.Fresh fresh = buffer.fresh(TraceFilter.ALL, after, limit, buffer.settled());
        assertEquals(expected, String.join(",", fresh.entries().stream().map(e -> Long.toString(e.getSequence())).toList()));
        assertEquals(upTo, fresh.upTo());
    }

    @Test
    void sendsOnlyWhatTheFilterSelectsButMovesPastTheRest() {
        LiveBuffer buffer = filled(100, 20);
        LiveBuffer.Fresh fresh = buffer.fresh(e -> e.getSequence() % 5 == 0, 8, 10, buffer.settled());
        assertEquals(List.of(20L, 15L, 10L), fresh.entries().stream().map(TraceEntry::getSequence).toList());
        assertEquals(20, fresh.upTo());
    }
}
