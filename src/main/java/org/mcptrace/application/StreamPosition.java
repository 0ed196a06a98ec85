package org.mcptrace.application;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.mcptrace.domain.trace.TraceEntry;

/**
 * How far a stream client has read, written as its SSE event id so that any node of a cluster can resume it:
 * {@code <sequence>@<node> <entry id> <entry id> …}, the sequence of the node that sent it and, for every node whose
 * entries the client has been through, the id of the newest one.
 *
 * <p>The node that wrote a position resumes it from its sequence, exactly. Another node numbers its buffer
 * differently (it appends other nodes' entries as they arrive), but it holds each node's entries in the order that
 * node ingested them; so it sends, node by node, the entries after the one named, and those of nodes not named at all.
 * A plain number, what the stream sent before it knew of several nodes, is a sequence of the node that answers.
 */
public final class StreamPosition {

    /** Nodes named at most: every node of a cluster and their restarts within a buffer's lifetime. */
    static final int MAX_NODES = 16;

    private String node;
    private long sequence;
    /** per origin node: {its own sequence of the newest entry passed, this node's sequence of it (-1: unknown)} */
    private final Map<String, long[]> newest = new LinkedHashMap<>();

    private StreamPosition(String node, long sequence) {
        this.node = node;
        this.sequence = sequence;
    }

    /** A new stream on this node: past everything it holds now. */
    public static StreamPosition after(List<TraceEntry> held, long sequence) {
        StreamPosition position = new StreamPosition(TraceIds.node(), sequence);
        held.forEach(position::passed);
        position.sequence = sequence;
        return position;
    }

    /** Reads a Last-Event-ID; an IllegalArgumentException says what is wrong with it. */
    public static StreamPosition parse(String lastEventId) {
        String[] parts = lastEventId.strip().split(" +");
        String head = parts[0];
        int at = head.indexOf('@');
        StreamPosition position;
        try {
            position = new StreamPosition(at < 0 ? null : head.substring(at + 1),
                    Long.parseLong(at < 0 ? head : head.substring(0, at)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("it must be an event id this stream sent (a sequence, then entry ids)");
        }
        if (position.sequence < 0 || parts.length - 1 > MAX_NODES) {
            throw new IllegalArgumentException("it must be an event id this stream sent (a sequence, then entry ids)");
        }
        for (int i = 1; i < parts.length; i++) {
            String origin = TraceIds.origin(parts[i]);
            long originSequence = TraceIds.originSequence(parts[i]);
            if (origin == null || originSequence < 0) {
                throw new IllegalArgumentException("'" + parts[i] + "' is not an entry id");
            }
            position.newest.merge(origin, new long[] {originSequence, -1},
                    (a, b) -> a[0] >= b[0] ? a : b);
        }
        return position;
    }

    /** The sequence to resume from when this node wrote the position (or it is a plain number); empty otherwise. */
    public OptionalLong sequenceHere() {
        return node == null || node.equals(TraceIds.node()) ? OptionalLong.of(sequence) : OptionalLong.empty();
    }

    /** Whether the client had been through this entry when it was at this position. */
    public boolean covers(TraceEntry entry) {
        long[] known = newest.get(TraceIds.origin(entry.getId()));
        return known != null && TraceIds.originSequence(entry.getId()) <= known[0];
    }

    /** The client has now been through this entry of this node's buffer (sent to it, or not selected by its filter). */
    public void passed(TraceEntry entry) {
        node = TraceIds.node();
        sequence = entry.getSequence();
        String origin = TraceIds.origin(entry.getId());
        long originSequence = TraceIds.originSequence(entry.getId());
        long[] known = newest.get(origin);
        if (known == null) {
            newest.put(origin, new long[] {originSequence, entry.getSequence()});
            if (newest.size() > MAX_NODES) {
                forgetLongestGone();
            }
        } else if (originSequence >= known[0]) {
            known[0] = originSequence;
            known[1] = entry.getSequence();
        }
    }

    /** The node whose newest entry here is the oldest: its entries leave the buffers first. */
    private void forgetLongestGone() {
        String oldest = null;
        long lowest = Long.MAX_VALUE;
        for (Map.Entry<String, long[]> e : newest.entrySet()) {
            if (e.getValue()[1] < lowest) {
                lowest = e.getValue()[1];
                oldest = e.getKey();
            }
        }
        newest.remove(oldest);
    }

    /** The client skips ahead to this sequence of this node's buffer (what lay between is gone). */
    public void skippedTo(long sequence) {
        node = TraceIds.node();
        this.sequence = sequence;
    }

    public StreamPosition copy() {
        StreamPosition copy = new StreamPosition(node, sequence);
        newest.forEach((origin, known) -> copy.newest.put(origin, known.clone()));
        return copy;
    }

    /** The SSE event id. */
    public String id() {
        StringBuilder id = new StringBuilder(24 * (newest.size() + 1)).append(sequence);
        if (node != null) {
            id.append('@').append(node);
        }
        newest.forEach((origin, known) -> id.append(' ').append(origin).append('-').append(known[0]));
        return id.toString();
    }

    public long sequence() {
        return sequence;
    }

    @Override
    public String toString() {
        return id();
    }
}
