package org.mcptrace.domain.resolution;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Finds registered URIs that are equal to a presented one after normalisation or differ from it in one component,
 * without scanning: there is a map for each near-miss shape (nothing left out, or one component left out), each
 * registered URI is filed in all six under its normalised components less the one left out, and a lookup asks the
 * shapes that can find something for the presented URI's key. Which those are, the values each component takes
 * among the registered URIs tell: a presented URI with a path no registered URI has can only be a near miss in its
 * path, so only the shape leaving the path out is asked; with two such components, none is. And a shape leaving out a
 * component that all registered URIs have alike would find what the full key finds, so it is not asked either.
 *
 * <p>Built once with its snapshot and never written afterwards.
 */
final class NearMissIndex {

    /** Near misses named per finding, and candidates kept per key. */
    static final int LIMIT = 5;

    private static final String LOOPBACK = "127.0.0.1";

    /** A near miss differing in one component gets one of these shared lists, not a list of its own. */
    private static final Map<Difference, List<Difference>> ALONE = new EnumMap<>(Difference.class);

    static {
        for (Difference difference : Difference.values()) {
            ALONE.put(difference, List.of(difference));
        }
    }

    /** The component a shape leaves out, so that two URIs differing only there share a key. */
    private enum LeftOut {
        NOTHING, SCHEME, HOST, PORT, PATH, QUERY
    }

    /** The shapes in the order they are asked, the key with nothing left out first. */
    private static final LeftOut[] SHAPES = LeftOut.values();
    /**
     * The components whose registered values are kept, to skip shapes that cannot match. Not the host: nearly every
     * workload has its own, so its set would be as large as the index and cost a cache miss of its own on every
     * lookup; paths, schemes, ports and queries repeat across workloads, so their sets stay small.
     */
    private static final LeftOut[] CHECKED = {LeftOut.SCHEME, LeftOut.PORT, LeftOut.PATH, LeftOut.QUERY};

    /**
     * A URI's components after RFC 3986 normalisation and loopback aliasing: scheme and host lower-cased, the
     * loopback hosts one, the default port dropped, percent-encoding normalised, one trailing '/' dropped.
     */
    private record Key(String scheme, String host, String port, String path, String query) {

        /** The value of one component (null when absent). */
        String component(LeftOut component) {
            return switch (component) {
                case NOTHING -> throw new IllegalArgumentException("not a component");
                case SCHEME -> scheme;
                case HOST -> host;
                case PORT -> port;
                case PATH -> path;
                case QUERY -> query;
            };
        }

        /** The key in the map of that shape: the component left out is null. */
        Key without(LeftOut component) {
            return switch (component) {
                case NOTHING -> this;
                case SCHEME -> new Key(null, host, port, path, query);
                case HOST -> new Key(scheme, null, port, path, query);
                case PORT -> new Key(scheme, host, null, path, query);
                case PATH -> new Key(scheme, host, port, null, query);
                case QUERY -> new Key(scheme, host, port, path, null);
            };
        }
    }

    /** A registered URI and the workload that registers it. */
    record Entry(long workloadId, String workloadName, UriParts uri) {
    }

    /** The near misses, and the finding's whole message: the lead, then the closest near miss if there is one. */
    record Result(List<NearMiss> nearMisses, String message) {
    }

    private final boolean loopbackPortIgnored;
    private final Map<LeftOut, Map<Key, List<Entry>>> byShape = new EnumMap<>(LeftOut.class);
    /** For each checked component, the values it takes in the registered URIs' keys. */
    private final Map<LeftOut, Set<String>> registeredValues = new EnumMap<>(LeftOut.class);
    /** The shapes to ask for a key whose checked components all have registered values. */
    private final LeftOut[] shapesForRegisteredKey;

    /**
     * @param loopbackPortIgnored whether, as under R2, the port of an http loopback URI does not count; true for
     *                            redirect URIs, false for resource URLs
     */
    NearMissIndex(List<Entry> registered, boolean loopbackPortIgnored) {
        this.loopbackPortIgnored = loopbackPortIgnored;
        for (LeftOut component : SHAPES) {
            byShape.put(component, new HashMap<>(registered.size() * 4 / 3 + 1));
        }
        for (LeftOut component : CHECKED) {
            registeredValues.put(component, new HashSet<>());
        }
        // equal components become one String: a lookup's comparisons then read the few every URI shares (the path
        // "/oauth/callback", say), which stay cached, instead of each URI's own copy
        Map<String, String> components = new HashMap<>();
        UnaryOperator<String> shared = value -> value == null ? null : components.computeIfAbsent(value, v -> v);
        for (Entry filed : registered) {
            if (!filed.uri().isAbsolute()) {
                continue;
            }
            Entry entry = new Entry(filed.workloadId(), filed.workloadName(), filed.uri().sharing(shared));
            Key key = keyOf(entry.uri());
            List<Entry> alone = List.of(entry);
            for (LeftOut component : SHAPES) {
                byShape.get(component).merge(key.without(component), alone, NearMissIndex::firstFew);
            }
            for (LeftOut component : CHECKED) {
                registeredValues.get(component).add(key.component(component));
            }
        }
        // where every registered URI has the same value, a presented key with registered values has it too, so
        // leaving it out finds exactly the URIs the full key finds
        shapesForRegisteredKey = Arrays.stream(SHAPES)
                .filter(shape -> shape == LeftOut.NOTHING || shape == LeftOut.HOST
                        || registeredValues.get(shape).size() > 1)
                .toArray(LeftOut[]::new);
    }

    /** Only the first few sharing a key are ever named, so a key shared by thousands keeps just those. */
    private static List<Entry> firstFew(List<Entry> kept, List<Entry> next) {
        if (kept.size() >= LIMIT) {
            return kept;
        }
        List<Entry> more = new ArrayList<>(kept);
        more.addAll(next);
        return List.copyOf(more);
    }

    /** The near misses of {@code presented}, fewest differences first; the message is {@code lead} plus the closest. */
    Result explain(UriParts presented, String workloadKind, String lead) {
        return describe(presented, candidates(presented), loopbackPortIgnored, workloadKind, lead);
    }

    /**
     * The values one workload registers, as near misses of {@code presented}: for a finding that already knows the
     * workload (step 2a). Only the first {@link #SCAN_LIMIT} values are compared, so a workload registering thousands
     * costs no more than one registering a few; values that are not absolute URIs (opaque client IDs) have no
     * components to compare and are left out.
     */
    static Result among(UriParts presented, ClientWorkloadSnapshot workload, List<String> registered,
            boolean loopbackPortIgnored, String lead) {
        List<Entry> entries = new ArrayList<>(Math.min(registered.size(), SCAN_LIMIT));
        for (int i = 0; i < registered.size() && i < SCAN_LIMIT; i++) {
            UriParts uri = UriParts.split(registered.get(i));
            if (uri.isAbsolute()) {
                entries.add(new Entry(workload.id(), workload.name(), uri));
            }
        }
        if (!presented.isAbsolute()) {
            entries.clear();
        }
        return describe(presented, entries, loopbackPortIgnored, "Client Workload", lead);
    }

    /** Registered values of one workload compared by {@link #among}. */
    static final int SCAN_LIMIT = 20;

    private static Result describe(UriParts presented, List<Entry> entries, boolean loopbackPortIgnored,
            String workloadKind, String lead) {
        List<NearMiss> near = new ArrayList<>(LIMIT + 1);
        UriParts closest = null;
        for (Entry entry : entries) {
            List<Difference> differences = differences(presented, entry.uri(), loopbackPortIgnored);
            if (differences.isEmpty()) {
                continue;
            }
            // insertion keeps the order of equal counts, and at most LIMIT are kept
            int at = near.size();
            while (at > 0 && near.get(at - 1).differences().size() > differences.size()) {
                at--;
            }
            if (at < LIMIT) {
                near.add(at, new NearMiss(entry.workloadId(), entry.workloadName(), entry.uri().raw, differences));
                if (at == 0) {
                    closest = entry.uri();
                }
                if (near.size() > LIMIT) {
                    near.remove(LIMIT);
                }
            }
        }
        if (near.isEmpty()) {
            return new Result(List.of(), lead);
        }
        // the message names only the closest; the finding carries the full list for whoever wants more
        NearMiss best = near.get(0);
        StringBuilder message = new StringBuilder(lead.length() + 160).append(lead)
                .append(". Closest: ").append(workloadKind).append(' ')
                .append(Wording.quoted(best.workloadName())).append(" registers ")
                .append(Wording.display(closest.raw)).append(" (");
        List<Difference> differences = best.differences();
        for (int d = 0; d < differences.size(); d++) {
            if (d > 0) {
                message.append(", ");
            }
            Wording.appendDifference(message, differences.get(d), presented, closest);
        }
        message.append(')');
        if (near.size() > 1) {
            message.append("; ").append(near.size() - 1).append(" other near ")
                    .append(near.size() == 2 ? "miss" : "misses");
        }
        return new Result(List.copyOf(near), message.toString());
    }

    /** Up to LIMIT registered URIs sharing a key with {@code presented}, the key with nothing left out first. */
    private List<Entry> candidates(UriParts presented) {
        List<Entry> found = new ArrayList<>(LIMIT);
        if (byShape.get(LeftOut.NOTHING).isEmpty() || !presented.isAbsolute()) {
            return found;
        }
        Key key = keyOf(presented);
        for (LeftOut component : shapesThatCanMatch(key)) {
            for (Entry entry : byShape.get(component).getOrDefault(key.without(component), List.of())) {
                if (found.size() < LIMIT && !containsSame(found, entry)) {
                    found.add(entry);
                }
            }
            if (found.size() == LIMIT) {
                break;
            }
        }
        return found;
    }

    /**
     * Every shape's key but one holds each component, so a component whose value no registered URI has leaves only
     * the shape that leaves it out, and two such components leave none; the others could not find anything. When
     * every checked component has a registered value, the shapes leaving out one that all registered URIs share are
     * skipped too: they would find what the full key finds.
     */
    private LeftOut[] shapesThatCanMatch(Key key) {
        LeftOut unregistered = LeftOut.NOTHING;
        for (LeftOut component : CHECKED) {
            if (!registeredValues.get(component).contains(key.component(component))) {
                if (unregistered != LeftOut.NOTHING) {
                    return new LeftOut[0];
                }
                unregistered = component;
            }
        }
        return unregistered == LeftOut.NOTHING ? shapesForRegisteredKey : new LeftOut[] {unregistered};
    }

    /** The same registered URI, found under another shape; compared by identity, which reads nothing. */
    private static boolean containsSame(List<Entry> found, Entry entry) {
        for (Entry known : found) {
            if (known == entry) {
                return true;
            }
        }
        return false;
    }

    private Key keyOf(UriParts uri) {
        String scheme = UriParts.lowerAscii(uri.scheme);
        boolean loopback = UriParts.isLoopbackIgnoringCase(uri.host);
        String host = uri.host == null ? null : loopback ? LOOPBACK : UriParts.lowerAscii(uri.host);
        if (host != null && uri.userinfo != null) {
            host = uri.userinfo + "@" + host;
        }
        boolean portIgnored = loopbackPortIgnored && loopback && "http".equals(scheme);
        String port = portIgnored ? null : UriParts.effectivePort(scheme, uri.port);
        String path = UriParts.normalisePercent(uri.path);
        if (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return new Key(scheme, host, port, path, UriParts.normalisePercent(uri.query));
    }

    static List<Difference> differences(UriParts presented, UriParts registered, boolean loopbackPortIgnored) {
        EnumSet<Difference> found = EnumSet.noneOf(Difference.class);
        if (!Objects.equals(presented.scheme, registered.scheme)) {
            boolean caseOnly = presented.scheme != null && presented.scheme.equalsIgnoreCase(registered.scheme);
            found.add(caseOnly ? Difference.SCHEME_CASE : Difference.SCHEME);
        }
        if (!Objects.equals(presented.userinfo, registered.userinfo)) {
            found.add(Difference.HOST);
        }
        if (!Objects.equals(presented.host, registered.host)) {
            if (presented.host == null || registered.host == null) {
                found.add(Difference.HOST);
            } else if (presented.host.equalsIgnoreCase(registered.host)) {
                found.add(Difference.HOST_CASE);
            } else if (UriParts.isLoopbackIgnoringCase(presented.host)
                    && UriParts.isLoopbackIgnoringCase(registered.host)) {
                found.add(Difference.HOST_ALIAS);
            } else {
                found.add(Difference.HOST);
            }
        }
        boolean portIgnored = loopbackPortIgnored && isHttpLoopback(presented) && isHttpLoopback(registered);
        if (!portIgnored && !Objects.equals(presented.port, registered.port)) {
            String presentedPort = UriParts.effectivePort(UriParts.lowerAscii(presented.scheme), presented.port);
            String registeredPort = UriParts.effectivePort(UriParts.lowerAscii(registered.scheme), registered.port);
            found.add(Objects.equals(presentedPort, registeredPort) ? Difference.DEFAULT_PORT : Difference.PORT);
        }
        if (!presented.path.equals(registered.path)) {
            String presentedPath = UriParts.normalisePercent(presented.path);
            String registeredPath = UriParts.normalisePercent(registered.path);
            if (presentedPath.equals(registeredPath)) {
                found.add(Difference.PERCENT_ENCODING);
            } else if (equalWithoutOneSlash(presented.path, registered.path)) {
                found.add(Difference.TRAILING_SLASH);
            } else if (equalWithoutOneSlash(presentedPath, registeredPath)) {
                found.add(Difference.TRAILING_SLASH);
                found.add(Difference.PERCENT_ENCODING);
            } else {
                found.add(Difference.PATH);
            }
        }
        if (!Objects.equals(presented.query, registered.query)) {
            boolean encodingOnly = presented.query != null && registered.query != null
                    && UriParts.normalisePercent(presented.query).equals(UriParts.normalisePercent(registered.query));
            found.add(encodingOnly ? Difference.PERCENT_ENCODING : Difference.QUERY);
        }
        return found.size() == 1 ? ALONE.get(found.iterator().next()) : List.copyOf(found);
    }

    /** Whether the two are equal once each loses one trailing '/'. */
    private static boolean equalWithoutOneSlash(String a, String b) {
        int na = a.endsWith("/") ? a.length() - 1 : a.length();
        int nb = b.endsWith("/") ? b.length() - 1 : b.length();
        return na == nb && a.regionMatches(0, b, 0, na);
    }

    private static boolean isHttpLoopback(UriParts uri) {
        return UriParts.isLoopbackIgnoringCase(uri.host) && uri.schemeIs("http");
    }
}
