package org.mcptrace.application;

import java.util.OptionalLong;

/**
 * Entry ids carry the sequence, so the buffer finds an entry by id without an index, and a boot stamp, so an id
 * from before a restart never names an unrelated entry after it.
 */
public final class TraceIds {

    private static final String BOOT = Long.toString(System.currentTimeMillis(), 36);

    private TraceIds() {
    }

    public static String of(long sequence) {
        return BOOT + "-" + sequence;
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
