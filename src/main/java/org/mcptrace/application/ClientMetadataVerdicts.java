package org.mcptrace.application;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.mcptrace.domain.resolution.ClientMetadataCheck;
import org.mcptrace.domain.resolution.ClientMetadataVerdict;

/**
 * The latest verdict on each client metadata document seen, and the queue of documents to fetch. Ingestion asks here
 * for the verdict of a request's client ID, which costs a map lookup and never waits: a document not known yet is
 * queued and the entry says so; one whose verdict has expired is queued again while the old verdict still answers.
 * Fetching itself happens elsewhere (infrastructure.clientmetadata), which takes URLs from {@link #nextToFetch()} and
 * hands verdicts back to {@link #record}.
 *
 * <p>Everything is bounded, because any gateway's traffic can carry any client ID: the queue (a full queue leaves the
 * URL to be queued again the next time it is seen) and the number of documents remembered.
 */
@ApplicationScoped
public class ClientMetadataVerdicts {

    static final int QUEUE = 64;
    static final int REMEMBERED = 10_000;
    static final String QUEUED = "the fetch is queued";
    static final String QUEUE_FULL = "the fetch queue is full; it is queued when the client ID is seen again";

    @Inject
    @ConfigProperty(name = "mcptrace.client-metadata.fetch", defaultValue = "false")
    boolean enabled;

    /** When set, only documents on these hosts are fetched; client IDs elsewhere are not checked at all. */
    @Inject
    @ConfigProperty(name = "mcptrace.client-metadata.hosts")
    Optional<String> hosts;

    /** What is known about one URL. {@code due}: when the verdict must be fetched again (System.nanoTime()). */
    private record Known(ClientMetadataVerdict verdict, long due, boolean queued) {
    }

    private final Map<String, Known> known = new ConcurrentHashMap<>();
    private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(QUEUE);
    private final AtomicLong notQueued = new AtomicLong();
    private volatile Set<String> allowedHosts;

    public boolean enabled() {
        return enabled;
    }

    /**
     * The verdict a request with this client ID is resolved with, queueing a fetch when none is known or the known one
     * has expired; null when the client ID is not checked (fetching off, not an https metadata URL, host not allowed).
     */
    public ClientMetadataVerdict forRequest(String clientId) {
        if (!enabled || clientId == null) {
            return null;
        }
        // the common case first: a client ID known and fresh costs one lookup
        long now = System.nanoTime();
        Known current = known.get(clientId);
        if (current != null && (current.queued() || now - current.due() < 0)) {
            return current.verdict();
        }
        if (current == null && !checked(clientId)) {
            return null;
        }
        if (current == null && known.size() >= REMEMBERED) {
            forgetSome(now);
        }
        Known updated = known.compute(clientId, (url, was) -> {
            if (was != null && (was.queued() || now - was.due() < 0)) {
                return was;
            }
            boolean queued = queue.offer(url);
            if (!queued) {
                notQueued.incrementAndGet();
            }
            ClientMetadataVerdict verdict = was != null && was.verdict().status() != ClientMetadataVerdict.Status.PENDING
                    ? was.verdict()
                    : ClientMetadataVerdict.pending(url, queued ? QUEUED : QUEUE_FULL);
            return new Known(verdict, now, queued);
        });
        return updated.verdict();
    }

    /** The latest verdict for a client ID, for display; never queues anything. */
    public ClientMetadataVerdict latest(String clientId) {
        Known current = clientId == null ? null : known.get(clientId);
        return current == null ? null : current.verdict();
    }

    /** The next URL to fetch, or null. */
    public String nextToFetch() {
        return queue.poll();
    }

    /** A fetch's verdict, valid for {@code freshFor}; later requests are resolved with it. */
    public void record(ClientMetadataVerdict verdict, Duration freshFor) {
        known.put(verdict.url(), new Known(verdict, System.nanoTime() + freshFor.toNanos(), false));
    }

    /** URLs that found the queue full; only grows. */
    public long notQueued() {
        return notQueued.get();
    }

    public int queued() {
        return queue.size();
    }

    public int remembered() {
        return known.size();
    }

    boolean checked(String clientId) {
        if (!ClientMetadataCheck.isFetchable(clientId)) {
            return false;
        }
        Set<String> allowed = allowedHosts();
        return allowed.isEmpty() || allowed.contains(host(clientId));
    }

    private Set<String> allowedHosts() {
        Set<String> allowed = allowedHosts;
        if (allowed == null) {
            allowed = hosts.map(list -> Set.of(list.toLowerCase(Locale.ROOT).split("\\s*,\\s*"))).orElse(Set.of());
            allowedHosts = allowed;
        }
        return allowed;
    }

    /** The host of an https URL that {@link ClientMetadataCheck#isFetchable} accepted, lowercase, without port. */
    static String host(String url) {
        int start = "https://".length();
        int end = start;
        while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
            end++;
        }
        String authority = url.substring(start, end);
        int colon = authority.lastIndexOf(':');
        if (colon >= 0 && authority.indexOf(']', colon) < 0) {
            authority = authority.substring(0, colon);
        }
        return authority.toLowerCase(Locale.ROOT);
    }

    /**
     * Makes room: first every expired verdict that is not waiting for a fetch, then, if that was not a tenth, any
     * tenth. A flood of new client IDs thus costs one sweep per thousand IDs, not one per ID.
     */
    private void forgetSome(long now) {
        int target = REMEMBERED - REMEMBERED / 10;
        known.values().removeIf(k -> !k.queued() && now - k.due() >= 0);
        Iterator<Map.Entry<String, Known>> it = known.entrySet().iterator();
        while (known.size() > target && it.hasNext()) {
            if (!it.next().getValue().queued()) {
                it.remove();
            }
        }
    }
}
