package org.mcptrace.application;

import java.util.OptionalLong;

/**
 * Entry ids carry the sequence, so the buffer finds an entry by id without an index, and a boot stamp, so an id
 * from before a restart never names an unrelated entry after it, nor one node's id another node's entry. An entry
 * adopted from another node keeps that node's id: it is found by a scan instead ({@link LiveBuffer#byId}).
 */
public final class TraceIds {

    // the start time and a random part: ids from nodes of a cluster, started in the same millisecond, still differ
    private static final String BOOT = Long.toString(System.currentTimeMillis(), 36)
            + Long.toString(36 * 36 * 36 + new java.security.SecureRandom().nextInt(35 * 36 * 36 * 36), 36);

    private TraceIds() {
    }

    public static String of(long sequence) {
        return BOOT + "-" + sequence;
    }

    /** This node since its start: the part every id it makes begins with. */
    public static String node() {
        return BOOT;
    }

    /** The node (since its start) that made the id; null for one that is not an entry id. */
    public static String origin(String id) {
        int dash = id == null ? -1 : id.lastIndexOf('-');
        return dash > 0 ? id.substring(0, dash) : null;
    }

    /** The sequence the id's own node gave the entry; -1 for one that is not an entry id. */
    public static long originSequence(String id) {
        int dash = id == null ? -1 : id.lastIndexOf('-');
        try {
            return dash > 0 ? Long.parseLong(id.substring(dash + 1)) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Whether this node (since its start) made the id. */
    public static boolean local(String id) {
        return id != null && id.startsWith(BOOT + "-");
    }

    public static OptionalLong sequenceOf(String id) {
        if (id == null || !id.startsWith(BOOT + "-")) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(id.substring(BOOT.length() + 1)));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
