package org.mcptrace.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mcptrace.domain.trace.TraceEntry;

class StreamPositionTest {

    // two other nodes' entries ("other nodes" because this JVM's TraceIds.node() is a third)
    static final String X = "kx1abcd";
    static final String Y = "ky2efgh";

    static TraceEntry entry(String origin, long originSequence, long sequenceHere) {
        TraceEntry local = LiveBufferTest.entry(sequenceHere, "10.0.0.1");
        return new TraceEntry(origin + "-" + originSequence, sequenceHere, local.getReport(), local.getResolution(), null);
    }

    /** The same five entries as two nodes hold them: each node's own in its order, interleaved differently. */
    static List<TraceEntry> asHeldBy(String... order) {
        List<TraceEntry> held = new ArrayList<>();
        for (String id : order) {
            held.add(entry(id.substring(0, 7), Long.parseLong(id.substring(8)), held.size() + 1));
        }
        return held;
    }

    @Test
    void anotherNodeResumesWithExactlyWhatTheClientHadNotBeenThrough() {
        List<TraceEntry> onFirst = asHeldBy(X + "-1", X + "-2", Y + "-1", X + "-3", Y + "-2", Y + "-3");
        List<TraceEntry> onSecond = asHeldBy(X + "-1", Y + "-1", X + "-2", Y + "-2", Y + "-3", X + "-3");
        // the client read the first node's buffer up to X-3 (four entries), then that node died (this JVM plays it, so
        // its name in the id is made another's)
        StreamPosition position = StreamPosition.after(List.of(), 0);
        onFirst.subList(0, 4).forEach(position::passed);
        StreamPosition resumed = StreamPosition.parse(position.id().replace("@" + TraceIds.node(), "@kw0dead"));
        assertTrue(resumed.sequenceHere().isEmpty(), "another node's sequence means nothing here: " + position.id());
        List<String> sent = onSecond.stream().filter(e -> !resumed.covers(e)).map(TraceEntry::getId).toList();
        assertEquals(List.of(Y + "-2", Y + "-3"), sent, "no duplicate, nothing skipped");
    }

    @Test
    void aNewStreamHasBeenThroughEverythingHeldAtItsStart() {
        List<TraceEntry> held = asHeldBy(X + "-1", Y + "-1", X + "-2");
        StreamPosition position = StreamPosition.after(held, 3);
        StreamPosition resumed = StreamPosition.parse(position.id());
        assertTrue(held.stream().allMatch(resumed::covers));
        assertFalse(resumed.covers(entry(X, 3, 9)));
        assertFalse(resumed.covers(entry("kz3ijkl", 1, 9)), "a node the client never saw: all its entries are new");
    }

    @Test
    void theNodeThatWroteItResumesFromItsSequenceAndAPlainNumberIsOne() {
        StreamPosition position = StreamPosition.after(List.of(), 0);
        position.passed(entry(TraceIds.node(), 7, 7));
        assertEquals(OptionalLong.of(7), StreamPosition.parse(position.id()).sequenceHere());
        assertEquals("7@" + TraceIds.node() + " " + TraceIds.node() + "-7", position.id());
        assertEquals(OptionalLong.of(42), StreamPosition.parse("42").sequenceHere());
    }

    @Test
    void namesAtMostSixteenNodesForgettingTheOneLongestGone() {
        StreamPosition position = StreamPosition.after(List.of(), 0);
        for (int node = 0; node < 20; node++) {
            position.passed(entry("kn" + (10000 + node), 1, node + 1));
        }
        String id = position.id();
        assertEquals(StreamPosition.MAX_NODES + 1, id.split(" ").length, id);
        assertFalse(id.contains("kn10000-"), id);
        assertTrue(id.contains("kn10019-1"), id);
        StreamPosition.parse(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"x", "-1", "5@node nonsense", "5@node abc-x", "1.5"})
    void refusesWhatNoStreamSent(String lastEventId) {
        assertThrows(IllegalArgumentException.class, () -> StreamPosition.parse(lastEventId));
    }
}
