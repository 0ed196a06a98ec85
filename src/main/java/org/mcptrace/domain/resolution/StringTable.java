package org.mcptrace.domain.resolution;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Immutable map from strings to non-negative ints, laid out so that a lookup at 100,000 keys costs about two cache
 * misses instead of the five or six of a HashMap (slot, node, key String, its bytes, value object): one open-addressed
 * {@code int[]} holds each key's hash, where its characters lie in a shared arena, and the value, side by side; the
 * arena holds the characters of all keys one after another.
 *
 * <p>A hash only finds the candidate; the key is always compared character by character, because what it finds
 * decides whether a request is allowed.
 *
 * <p>A byte per slot, in an array of its own, holds a tag of the slot's hash (0 for a free slot). Probes walk the
 * tags and read a slot only when its tag agrees, so a key that is absent (an unknown or mistyped URI) costs a read of
 * the tags alone: a sixteenth of the slots' size, which stays in the CPU's caches at 100,000 keys where the slots
 * cannot.
 */
final class StringTable {

    static final StringTable EMPTY = new Builder().build();

    /** Marks a key stored as two bytes per char, in the length word; every other key is stored as Latin-1. */
    private static final int WIDE = 0x8000_0000;
    private static final int STRIDE = 4;

    /** Per slot: hash, arena offset, length (with WIDE), value + 1 (0 marks a free slot). */
    private final int[] slots;
    private final byte[] tags;
    private final int mask;
    private final byte[] arena;
    private final int size;

    private StringTable(int[] slots, byte[] tags, byte[] arena, int size) {
        this.slots = slots;
        this.tags = tags;
        this.mask = slots.length / STRIDE - 1;
        this.arena = arena;
        this.size = size;
    }

    int size() {
        return size;
    }

    /** Value of {@code key}, or -1. */
    int get(String key) {
        if (key == null) {
            return -1;
        }
        int hash = key.hashCode();
        return get(key, hash, probe(hash));
    }

    /**
     * First slot whose stored hash equals {@code hash}, or -1 when there is none. Split from {@link #get(String,
     * int, int)} so that a caller can probe several tables before verifying any key, letting the CPU overlap the
     * misses.
     */
    int probe(int hash) {
        int spread = spread(hash);
        byte tag = tag(spread);
        byte[] t = tags;
        for (int slot = spread & mask; ; slot = (slot + 1) & mask) {
            byte stored = t[slot];
            if (stored == 0) {
                return -1;
            }
            if (stored == tag && slots[slot * STRIDE] == hash) {
                return slot;
            }
        }
    }

    /** Value of {@code key} given the slot {@link #probe(int)} returned for its hash, or -1. */
    int get(String key, int hash, int slot) {
        if (slot < 0) {
            return -1;
        }
        int[] s = slots;
        for (; ; slot = (slot + 1) & mask) {
            int at = slot * STRIDE;
            int value = s[at + 3];
            if (value == 0) {
                return -1;
            }
            if (s[at] == hash && matches(key, s[at + 1], s[at + 2])) {
                return value - 1;
            }
        }
    }

    /** The value at a slot {@link #probe(int)} returned, not yet verified against the key. */
    int valueAt(int slot) {
        return slots[slot * STRIDE + 3] - 1;
    }

    /** Whether the key stored at a slot {@link #probe(int)} returned is {@code key}. */
    boolean keyAt(int slot, String key) {
        int at = slot * STRIDE;
        return matches(key, slots[at + 1], slots[at + 2]);
    }

    private boolean matches(String key, int offset, int length) {
        int n = key.length();
        byte[] a = arena;
        if ((length & WIDE) == 0) {
            if (n != length) {
                return false;
            }
            for (int i = 0; i < n; i++) {
                if ((a[offset + i] & 0xff) != key.charAt(i)) {
                    return false;
                }
            }
            return true;
        }
        if (n != (length & ~WIDE)) {
            return false;
        }
        for (int i = 0, at = offset; i < n; i++, at += 2) {
            if ((char) (((a[at] & 0xff) << 8) | (a[at + 1] & 0xff)) != key.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int spread(int hash) {
        int h = hash * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    /** Never 0, and taken from the top bits, which the slot index (the low bits) does not already share. */
    private static byte tag(int spread) {
        return (byte) ((spread >>> 24) | 1);
    }

    /** Collects keys; the first value put for a key wins, as the snapshot's duplicate rule requires. */
    static final class Builder {
        private final Map<String, Integer> keys = new LinkedHashMap<>();
        private long chars;

        void putIfAbsent(String key, int value) {
            if (key != null && keys.putIfAbsent(key, value) == null) {
                chars += key.length();
            }
        }

        boolean isEmpty() {
            return keys.isEmpty();
        }

        StringTable build() {
            int capacity = 8;
            while (capacity < keys.size() * 2L) {
                capacity <<= 1;
            }
            int[] slots = new int[capacity * STRIDE];
            byte[] tags = new byte[capacity];
            int mask = capacity - 1;
            // at most two bytes per char; trimmed below
            byte[] arena = new byte[(int) Math.min(Integer.MAX_VALUE - 8, chars * 2)];
            int used = 0;
            for (Map.Entry<String, Integer> entry : keys.entrySet()) {
                String key = entry.getKey();
                int n = key.length();
                boolean wide = false;
                for (int i = 0; i < n && !wide; i++) {
                    wide = key.charAt(i) > 0xff;
                }
                int offset = used;
                if (wide) {
                    for (int i = 0; i < n; i++) {
                        char c = key.charAt(i);
                        arena[used++] = (byte) (c >> 8);
                        arena[used++] = (byte) c;
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        arena[used++] = (byte) key.charAt(i);
                    }
                }
                int hash = key.hashCode();
                int slot = spread(hash) & mask;
                while (tags[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                tags[slot] = tag(spread(hash));
                int at = slot * STRIDE;
                slots[at] = hash;
                slots[at + 1] = offset;
                slots[at + 2] = wide ? n | WIDE : n;
                slots[at + 3] = entry.getValue() + 1;
            }
            byte[] trimmed = used == arena.length ? arena : java.util.Arrays.copyOf(arena, used);
            return new StringTable(slots, tags, trimmed, keys.size());
        }
    }
}
