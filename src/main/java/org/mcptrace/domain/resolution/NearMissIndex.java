package org.mcptrace.domain.resolution;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Finds registered URIs that are equal to a presented one after normalisation or differ from it in one component,
 * without scanning: every URI is filed under its normalised components and under five keys that each leave one
 * component out, and a lookup probes the same six keys.
 *
 * <p>The table is a flat {@code long[]} of (key, value) pairs rather than a HashMap: at 100,000 workloads six boxed
 * keys per URI would cost tens of megabytes, and a probe would chase several pointers. Keys are 64-bit hashes of
 * 64-bit component hashes; a collision could at worst add a spurious near miss, which only explains and never
 * decides, so candidates are not re-verified against the strings. A byte per slot in an array of its own tags the
 * slot's key (0 when free), so that the keys a request does not share with any registered URI, most of the twelve
 * it probes, are ruled out by reading the tags alone: a sixteenth of the table, small enough to stay cached at
 * 100,000 workloads.
 */
final class NearMissIndex {

    static final int LIMIT = 5;

    private static final int COMPONENTS = 5;
    private static final int SCHEME = 0;
    private static final int HOST = 1;
    private static final int PORT = 2;
    private static final int PATH = 3;
    private static final int QUERY = 4;
    private static final long ABSENT = 0x243F6A8885A308D3L;
    private static final long LOOPBACK = 0x13198A2E03707344L;
    private static final long WILDCARD = 0xA4093822299F31D0L;

    private final boolean loopbackPortIgnored;
    /**
     * Pairs: key (0 marks a free slot), then an entry's offset in the arena, or -(list index + 1) when several share
     * the key.
     */
    private long[] table = new long[32];
    private byte[] tags = new byte[16];
    private int used;
    /**
     * Entries one after another, each: workload id (8 bytes), the lengths of the raw URI and of the workload name
     * (4 bytes each, WIDE set for two bytes per char, -1 for a null name), then their characters. The table's values
     * are offsets into it, so that a candidate costs one cache miss after its slot, where a String per entry would
     * cost three (array slot, String, its bytes). Only the raw URI is kept and split again when it is a candidate.
     */
    private byte[] arena = new byte[256];
    private int arenaUsed;
    private static final int WIDE = 0x4000_0000;
    private static final int HEADER = 16;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private final List<int[]> shared = new ArrayList<>();

    /** The near misses, and the finding's whole message: the lead, then the closest near miss if there is one. */
    record Result(List<NearMiss> nearMisses, String message) {
    }

    /**
     * @param loopbackPortIgnored whether, as under R2, the port of an http loopback URI does not count; true for
     *                            redirect URIs, false for resource URLs
     */
    NearMissIndex(boolean loopbackPortIgnored) {
        this.loopbackPortIgnored = loopbackPortIgnored;
    }

    void add(long workloadId, String workloadName, UriParts registered) {
        if (!registered.isAbsolute()) {
            return;
        }
        int ordinal = append(workloadId, registered.raw, workloadName);
        long[] normal = normalise(registered);
        for (int wildcard = -1; wildcard < COMPONENTS; wildcard++) {
            put(key(normal, wildcard), ordinal);
        }
    }

    private int append(long workloadId, String raw, String name) {
        int rawBytes = raw.length() * (isLatin1(raw) ? 1 : 2);
        int nameBytes = name == null ? 0 : name.length() * (isLatin1(name) ? 1 : 2);
        long needed = (long) arenaUsed + HEADER + rawBytes + nameBytes;
        if (needed > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("near-miss index over 2 GB");
        }
        if (needed > arena.length) {
            arena = Arrays.copyOf(arena, (int) Math.min(Integer.MAX_VALUE - 16, Math.max(needed, arena.length * 2L)));
        }
        int offset = arenaUsed;
        LONGS.set(arena, offset, workloadId);
        INTS.set(arena, offset + 8, raw.length() | (isLatin1(raw) ? 0 : WIDE));
        INTS.set(arena, offset + 12, name == null ? -1 : name.length() | (isLatin1(name) ? 0 : WIDE));
        int at = write(raw, offset + HEADER);
        if (name != null) {
            write(name, at);
        }
        arenaUsed = (int) needed;
        return offset;
    }

    private static boolean isLatin1(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0xff) {
                return false;
            }
        }
        return true;
    }

    private int write(String s, int at) {
        boolean wide = !isLatin1(s);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (wide) {
                arena[at++] = (byte) (c >> 8);
            }
            arena[at++] = (byte) c;
        }
        return at;
    }

    /** The string whose length word lies at {@code lengthAt} and characters at {@code at}; null for length -1. */
    private String string(int lengthAt, int at) {
        int word = (int) INTS.get(arena, lengthAt);
        if (word == -1) {
            return null;
        }
        int n = word & ~WIDE;
        if ((word & WIDE) == 0) {
            return new String(arena, at, n, StandardCharsets.ISO_8859_1);
        }
        char[] chars = new char[n];
        for (int i = 0; i < n; i++, at += 2) {
            chars[i] = (char) (((arena[at] & 0xff) << 8) | (arena[at + 1] & 0xff));
        }
        return new String(chars);
    }

    private int byteLength(int lengthAt) {
        int word = (int) INTS.get(arena, lengthAt);
        return word == -1 ? 0 : (word & WIDE) == 0 ? word : (word & ~WIDE) * 2;
    }

    /**
     * The keys a lookup for {@code presented} probes, or null when nothing can be near. Computing them touches no
     * table, so that a caller can compute the keys of several lookups and then issue all their memory reads together.
     */
    long[] keys(UriParts presented) {
        if (used == 0 || !presented.isAbsolute()) {
            return null;
        }
        long[] normal = normalise(presented);
        long[] keys = new long[COMPONENTS + 1];
        for (int wildcard = -1; wildcard < COMPONENTS; wildcard++) {
            keys[wildcard + 1] = key(normal, wildcard);
        }
        return keys;
    }

    /** Reads the tag where each key's probe starts; the reads do not depend on one another, so the CPU overlaps them. */
    byte[] firstTags(long[] keys) {
        byte[] t = tags;
        int mask = t.length - 1;
        byte[] first = new byte[keys.length];
        for (int k = 0; k < keys.length; k++) {
            first[k] = t[(int) keys[k] & mask];
        }
        return first;
    }

    /** Fills {@code found} with the count, then up to LIMIT candidate ordinals, in probe order. */
    void candidates(long[] keys, byte[] firstTags, int[] found) {
        int count = 0;
        for (int k = 0; k < keys.length && count < LIMIT; k++) {
            long value = firstTags[k] == 0 ? Long.MAX_VALUE : get(keys[k]);
            if (value >= 0 && value != Long.MAX_VALUE) {
                count = offer((int) value, found, count);
            } else if (value < 0) {
                int[] ordinals = shared.get((int) (-value - 1));
                // ordinals[0] holds the count
                for (int i = 1; i <= ordinals[0] && count < LIMIT; i++) {
                    count = offer(ordinals[i], found, count);
                }
            }
        }
        found[0] = count;
    }

    /** Reads each candidate's entry, all before any is used, so their misses overlap. */
    int touch(int[] found) {
        int sum = 0;
        for (int i = 1; i <= found[0]; i++) {
            sum += (int) INTS.get(arena, found[i] + 8) & 0xff;
        }
        return sum;
    }

    /**
     * The near misses among the candidates {@link #candidates} found; {@code touched} is what {@link #touch} returned,
     * used as the message's capacity so that the reads it made are not optimised away.
     */
    Result explain(UriParts presented, int[] found, String workloadKind, int touched, String lead) {
        int count = found[0];
        if (count == 0) {
            return new Result(List.of(), lead);
        }
        NearMiss[] nearMisses = new NearMiss[count];
        UriParts[] kept = new UriParts[count];
        int size = 0;
        for (int i = 1; i <= count; i++) {
            int ordinal = found[i];
            UriParts registered = UriParts.split(string(ordinal + 8, ordinal + HEADER));
            List<Difference> differences = differences(presented, registered, loopbackPortIgnored);
            if (differences.isEmpty()) {
                continue;
            }
            // insertion sort keeps the order of equal counts, and there are at most LIMIT elements
            int at = size;
            while (at > 0 && nearMisses[at - 1].differences().size() > differences.size()) {
                nearMisses[at] = nearMisses[at - 1];
                kept[at] = kept[at - 1];
                at--;
            }
            String name = string(ordinal + 12, ordinal + HEADER + byteLength(ordinal + 8));
            nearMisses[at] = new NearMiss((long) LONGS.get(arena, ordinal), name, registered.raw, differences);
            kept[at] = registered;
            size++;
        }
        if (size == 0) {
            return new Result(List.of(), lead);
        }
        // the message names only the closest; the finding carries the full list for whoever wants more
        NearMiss best = nearMisses[0];
        StringBuilder closest = new StringBuilder(Math.min(lead.length() + 96 + touched, 2048)).append(lead)
                .append(". Closest: ").append(workloadKind).append(" '");
        Wording.appendDisplay(closest, best.workloadName()).append("' registers ");
        Wording.appendDisplay(closest, best.registered()).append(" (");
        List<Difference> differences = best.differences();
        for (int d = 0; d < differences.size(); d++) {
            if (d > 0) {
                closest.append(", ");
            }
            Wording.appendDifference(closest, differences.get(d), presented, kept[0]);
        }
        closest.append(')');
        if (size > 1) {
            closest.append("; ").append(size - 1).append(" other near ").append(size == 2 ? "miss" : "misses");
        }
        List<NearMiss> list = size == count ? List.of(nearMisses) : List.of(Arrays.copyOf(nearMisses, size));
        return new Result(list, closest.toString());
    }

    /** Ordinals live in found[1..count]. */
    private static int offer(int ordinal, int[] found, int count) {
        for (int i = 1; i <= count; i++) {
            if (found[i] == ordinal) {
                return count;
            }
        }
        found[count + 1] = ordinal;
        return count + 1;
    }

    private long[] normalise(UriParts uri) {
        long[] normal = new long[COMPONENTS];
        String scheme = UriParts.lowerAscii(uri.scheme);
        normal[SCHEME] = scheme == null ? ABSENT : hash(scheme, 0, scheme.length(), false);
        boolean loopback = UriParts.isLoopbackIgnoringCase(uri.host);
        if (uri.host == null) {
            normal[HOST] = ABSENT;
        } else {
            long host = loopback ? LOOPBACK : hash(uri.host, 0, uri.host.length(), true);
            normal[HOST] = uri.userinfo == null ? host : host ^ Long.rotateLeft(hash(uri.userinfo, 0,
                    uri.userinfo.length(), false), 17);
        }
        String port = UriParts.effectivePort(scheme, uri.port);
        boolean portIgnored = loopbackPortIgnored && loopback && "http".equals(scheme);
        normal[PORT] = port == null || portIgnored ? ABSENT : hash(port, 0, port.length(), false);
        String path = UriParts.normalisePercent(uri.path);
        normal[PATH] = hash(path, 0, path.endsWith("/") ? path.length() - 1 : path.length(), false);
        normal[QUERY] = uri.query == null ? ABSENT : hashString(UriParts.normalisePercent(uri.query));
        return normal;
    }

    private static long hashString(String s) {
        return hash(s, 0, s.length(), false);
    }

    /** FNV-1a over the chars, optionally ASCII-lower-cased on the fly to avoid a copy. */
    private static long hash(String s, int from, int to, boolean lowerCase) {
        long h = 0xcbf29ce484222325L;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (lowerCase && c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            h = (h ^ c) * 0x100000001b3L;
        }
        return h;
    }

    static List<Difference> differences(UriParts presented, UriParts registered, boolean loopbackPortIgnored) {
        int found = 0;
        if (!Objects.equals(presented.scheme, registered.scheme)) {
            boolean caseOnly = presented.scheme != null && presented.scheme.equalsIgnoreCase(registered.scheme);
            found |= bit(caseOnly ? Difference.SCHEME_CASE : Difference.SCHEME);
        }
        if (!Objects.equals(presented.userinfo, registered.userinfo)) {
            found |= bit(Difference.HOST);
        }
        if (!Objects.equals(presented.host, registered.host)) {
            if (presented.host == null || registered.host == null) {
                found |= bit(Difference.HOST);
            } else if (presented.host.equalsIgnoreCase(registered.host)) {
                found |= bit(Difference.HOST_CASE);
            } else if (UriParts.isLoopbackIgnoringCase(presented.host)
                    && UriParts.isLoopbackIgnoringCase(registered.host)) {
                found |= bit(Difference.HOST_ALIAS);
            } else {
                found |= bit(Difference.HOST);
            }
        }
        boolean portIgnored = loopbackPortIgnored && isHttpLoopback(presented) && isHttpLoopback(registered);
        if (!portIgnored && !Objects.equals(presented.port, registered.port)) {
            String presentedPort = UriParts.effectivePort(UriParts.lowerAscii(presented.scheme), presented.port);
            String registeredPort = UriParts.effectivePort(UriParts.lowerAscii(registered.scheme), registered.port);
            found |= bit(Objects.equals(presentedPort, registeredPort) ? Difference.DEFAULT_PORT : Difference.PORT);
        }
        if (!presented.path.equals(registered.path)) {
            String presentedPath = UriParts.normalisePercent(presented.path);
            String registeredPath = UriParts.normalisePercent(registered.path);
            if (presentedPath.equals(registeredPath)) {
                found |= bit(Difference.PERCENT_ENCODING);
            } else if (equalWithoutOneSlash(presented.path, registered.path)) {
                found |= bit(Difference.TRAILING_SLASH);
            } else if (equalWithoutOneSlash(presentedPath, registeredPath)) {
                found |= bit(Difference.TRAILING_SLASH) | bit(Difference.PERCENT_ENCODING);
            } else {
                found |= bit(Difference.PATH);
            }
        }
        if (!Objects.equals(presented.query, registered.query)) {
            boolean encodingOnly = presented.query != null && registered.query != null
                    && UriParts.normalisePercent(presented.query).equals(UriParts.normalisePercent(registered.query));
            found |= bit(encodingOnly ? Difference.PERCENT_ENCODING : Difference.QUERY);
        }
        return listOf(found);
    }

    private static int bit(Difference difference) {
        return 1 << difference.ordinal();
    }

    private static final Difference[] ALL = Difference.values();
    /** Immutable list for each set of differences, built on first use; a benign race builds one twice at worst. */
    private static final List<?>[] LISTS = new List<?>[1 << ALL.length];

    @SuppressWarnings("unchecked")
    private static List<Difference> listOf(int set) {
        List<Difference> list = (List<Difference>) LISTS[set];
        if (list == null) {
            List<Difference> members = new ArrayList<>(Integer.bitCount(set));
            for (Difference difference : ALL) {
                if ((set & bit(difference)) != 0) {
                    members.add(difference);
                }
            }
            list = List.copyOf(members);
            LISTS[set] = list;
        }
        return list;
    }

    /** Whether the two are equal once each loses one trailing '/', without building the shortened strings. */
    private static boolean equalWithoutOneSlash(String a, String b) {
        int na = a.endsWith("/") ? a.length() - 1 : a.length();
        int nb = b.endsWith("/") ? b.length() - 1 : b.length();
        return na == nb && a.regionMatches(0, b, 0, na);
    }

    private static boolean isHttpLoopback(UriParts uri) {
        return uri.schemeIs("http") && UriParts.isLoopbackIgnoringCase(uri.host);
    }

    private static long key(long[] normal, int wildcard) {
        long h = 0x9E3779B97F4A7C15L * (wildcard + 2);
        for (int i = 0; i < COMPONENTS; i++) {
            h = Long.rotateLeft(h ^ (i == wildcard ? WILDCARD : normal[i]), 27) * 0xff51afd7ed558ccdL;
        }
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h == 0 ? 1 : h;
    }

    /** The value stored for {@code key}, or Long.MAX_VALUE when there is none. */
    private long get(long key) {
        byte[] t = tags;
        int mask = t.length - 1;
        byte tag = tag(key);
        for (int slot = (int) key & mask; ; slot = (slot + 1) & mask) {
            byte stored = t[slot];
            if (stored == 0) {
                return Long.MAX_VALUE;
            }
            if (stored == tag && table[slot << 1] == key) {
                return table[(slot << 1) + 1];
            }
        }
    }

    /** Never 0, and from the top bits, which the slot index (the low bits) does not already share. */
    private static byte tag(long key) {
        return (byte) ((key >>> 56) | 1);
    }

    private void put(long key, int ordinal) {
        if ((used + 1) * 2 > table.length >> 1) {
            grow();
        }
        int mask = tags.length - 1;
        int slot = (int) key & mask;
        while (tags[slot] != 0) {
            if (table[slot << 1] == key) {
                long value = table[(slot << 1) + 1];
                if (value >= 0) {
                    if (value != ordinal) {
                        shared.add(new int[] {2, (int) value, ordinal, 0});
                        table[(slot << 1) + 1] = -shared.size();
                    }
                } else {
                    int index = (int) (-value - 1);
                    int[] ordinals = shared.get(index);
                    if (ordinals[ordinals[0]] != ordinal) {
                        if (ordinals[0] + 1 == ordinals.length) {
                            ordinals = Arrays.copyOf(ordinals, ordinals.length * 2);
                            shared.set(index, ordinals);
                        }
                        ordinals[++ordinals[0]] = ordinal;
                    }
                }
                return;
            }
            slot = (slot + 1) & mask;
        }
        table[slot << 1] = key;
        table[(slot << 1) + 1] = ordinal;
        tags[slot] = tag(key);
        used++;
    }

    private void grow() {
        long[] old = table;
        table = new long[old.length * 2];
        tags = new byte[tags.length * 2];
        int mask = tags.length - 1;
        for (int i = 0; i < old.length; i += 2) {
            if (old[i] != 0) {
                int slot = (int) old[i] & mask;
                while (tags[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                table[slot << 1] = old[i];
                table[(slot << 1) + 1] = old[i + 1];
                tags[slot] = tag(old[i]);
            }
        }
    }
}
