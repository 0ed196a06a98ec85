package org.mcptrace.application;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.mcptrace.application.ConfigurationRejected.Kind;
import org.mcptrace.domain.access.Identity;
import org.mcptrace.domain.access.Role;
import org.mcptrace.domain.access.Secrets;
import org.mcptrace.domain.gateway.Gateway;
import org.mcptrace.domain.gateway.GatewayMode;

/**
 * Registers, authenticates and revokes gateways, and counts what they report and what is refused.
 *
 * <p>Ingestion must not touch the database: tokens are checked against an in-memory map of hashes (loaded at start,
 * updated after each committed registration or revocation), and each gateway's request count and last-seen time are
 * added up in memory and written every {@link #FLUSH_SECONDS} seconds. A crash loses at most that many seconds of
 * counts, never a registration or revocation. Forward auth reads each gateway's mode and trusted proxies from the same
 * memory, updated after each committed change.
 */
@ApplicationScoped
public class GatewayRegistry {

    public static final String BOOTSTRAP = "bootstrap";
    static final long FLUSH_SECONDS = 5;
    private static final Logger LOG = Logger.getLogger(GatewayRegistry.class.getName());

    /** Why a report was refused; counted per reason and shown on the Gateways screen. */
    public enum Rejection {
        MISSING_TOKEN("missing token"), UNKNOWN_TOKEN("unknown token"), REVOKED_TOKEN("revoked token"),
        MALFORMED("malformed report"), TOO_LARGE("too large"), UNSUPPORTED_MEDIA_TYPE("not JSON");

        private final String label;

        Rejection(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** What a token check answers: the gateway, or why not. */
    public record Check(Identity gateway, Rejection rejection) {
    }

    /** A gateway as listed: never the token or its hash. */
    public record Listed(long id, String name, Instant createdAt, String createdBy, Instant lastSeen, long requestCount,
                         Instant revokedAt, String revokedBy, GatewayMode mode, int trustedProxies, long passed,
                         long refused) {
        public boolean isRevoked() {
            return revokedAt != null;
        }
    }

    /**
     * How forward auth answers a gateway: whether a denied entry is refused, and how many proxies in front of the
     * gateway add their own X-Forwarded-For entry.
     */
    public record Forwarding(GatewayMode mode, int trustedProxies) {
        public static final Forwarding DEFAULT = new Forwarding(GatewayMode.OBSERVE, 0);

        public boolean enforcing() {
            return mode == GatewayMode.ENFORCE;
        }
    }

    /** Answered once, at registration: the only time the token exists outside the gateway. */
    public record Registered(Listed gateway, String token) {
    }

    private record Known(long id, String name, boolean revoked, Forwarding forwarding) {
        Known(Gateway g) {
            this(g.getId(), g.getName(), g.isRevoked(), new Forwarding(g.getMode(), g.getTrustedProxies()));
        }
    }

    private static final class Activity {
        final AtomicLong count = new AtomicLong();
        final AtomicReference<Instant> lastSeen = new AtomicReference<>();
        // forward auth since start, kept in memory only: what passed untraced, and what enforce mode refused
        final LongAdder passed = new LongAdder();
        final LongAdder refused = new LongAdder();
    }

    @PersistenceContext(unitName = "mcptrace")
    EntityManager em;

    @Inject
    Access access;

    @Inject
    AuditTrail audit;

    @Inject
    GatewayRegistry self;

    @Inject
    BackgroundLoops loops;

    @Inject
    Event<ChangeCommitting> committing;

    private final Map<String, Known> byTokenHash = new ConcurrentHashMap<>();
    private final Map<String, Known> byName = new ConcurrentHashMap<>();
    private final Map<Long, Activity> activity = new ConcurrentHashMap<>();
    private final Map<Rejection, LongAdder> rejections = new EnumMap<>(Rejection.class);
    private volatile boolean defaultBootstrapActive;
    private BackgroundLoops.Loop flushing;

    public GatewayRegistry() {
        for (Rejection r : Rejection.values()) {
            rejections.put(r, new LongAdder());
        }
    }

    void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        try {
            self.ensureBootstrap(access.bootstrapGatewayToken());
        } catch (RuntimeException e) {
            // a node starting at the same moment on the same database stored it first; the second look finds it
            LOG.log(Level.FINE, "bootstrap gateway written concurrently; looking again", e);
            self.ensureBootstrap(access.bootstrapGatewayToken());
        }
        reload();
        // a failed write keeps the counts for the next round; the loop logs and counts the failure
        flushing = loops.every("gateway-flush", Duration.ofSeconds(FLUSH_SECONDS), this::flush);
    }

    // before the application's contexts go, while JPA still serves it: in @PreDestroy the persistence unit was already
    // closed, so the last counts were never written and every stop logged a warning and an FFDC incident
    void stop(@Observes @BeforeDestroyed(ApplicationScoped.class) Object ignored) {
        if (flushing != null) {
            flushing.cancel();
        }
        flushQuietly();
    }

    public Check check(String token) {
        if (token == null || token.isBlank()) {
            return rejected(Rejection.MISSING_TOKEN);
        }
        Known known = byTokenHash.get(Secrets.tokenHash(token.strip()));
        if (known == null) {
            return rejected(Rejection.UNKNOWN_TOKEN);
        }
        if (known.revoked) {
            return rejected(Rejection.REVOKED_TOKEN);
        }
        return new Check(new Identity(known.name, Role.GATEWAY), null);
    }

    private Check rejected(Rejection rejection) {
        reject(rejection);
        return new Check(null, rejection);
    }

    public void reject(Rejection rejection) {
        rejections.get(rejection).increment();
    }

    /** Counts {@code requests} reports from the named gateway; written to the database by the next flush. */
    public void seen(String gatewayName, int requests) {
        count(gatewayName, a -> a.count.addAndGet(requests));
    }

    /** How forward auth treats the named gateway; the defaults for a name it does not know. */
    public Forwarding forwarding(String gatewayName) {
        Known known = byName(gatewayName);
        return known == null ? Forwarding.DEFAULT : known.forwarding;
    }

    /** A forward-auth call that was not an authorization request: answered 200, not traced, counted here. */
    public void passed(String gatewayName) {
        count(gatewayName, a -> a.passed.increment());
    }

    /** A forward-auth call that enforce mode refused (its entry was traced and counted by {@link #seen}). */
    public void refused(String gatewayName) {
        count(gatewayName, a -> a.refused.increment());
    }

    /** Forward-auth calls answered 200 without tracing, all gateways, since start. */
    public long passedTotal() {
        return activity.values().stream().mapToLong(a -> a.passed.sum()).sum();
    }

    /** Forward-auth calls refused in enforce mode, all gateways, since start. */
    public long refusedTotal() {
        return activity.values().stream().mapToLong(a -> a.refused.sum()).sum();
    }

    /** Counts on the named gateway's activity, which it was last seen now; nothing for a gateway it does not know. */
    private void count(String gatewayName, Consumer<Activity> counting) {
        Known known = byName(gatewayName);
        if (known != null) {
            Activity a = activity.computeIfAbsent(known.id, id -> new Activity());
            a.lastSeen.set(Instant.now().truncatedTo(ChronoUnit.MILLIS));
            counting.accept(a);
        }
    }

    public Map<Rejection, Long> rejections() {
        Map<Rejection, Long> counts = new LinkedHashMap<>();
        rejections.forEach((reason, adder) -> counts.put(reason, adder.sum()));
        return counts;
    }

    public List<Listed> list() {
        List<Listed> listed = new ArrayList<>();
        for (Gateway g : self.rows()) {
            listed.add(listed(g));
        }
        return listed;
    }

    public Registered register(Caller caller, String name, Forwarding forwarding) {
        caller.requireOperator();
        checked(forwarding);
        String cleaned = clean(name);
        // refused before the transaction: a refusal leaving a @Transactional method makes Liberty write an FFDC
        // incident; store() checks again under its transaction for a registration racing this one
        unused(cleaned, self.rows());
        String token = Secrets.newToken();
        Gateway stored = self.store(caller.getName(), cleaned, Secrets.tokenHash(token), forwarding);
        remember(stored);
        return new Registered(listed(stored), token);
    }

    /** Changes how forward auth treats a gateway; its next call sees the change. */
    public Listed configure(Caller caller, long id, Forwarding forwarding) {
        caller.requireOperator();
        checked(forwarding);
        existing(id);
        Gateway changed = self.storeForwarding(caller.getName(), id, forwarding);
        remember(changed);
        return listed(changed);
    }

    public Listed revoke(Caller caller, long id) {
        caller.requireOperator();
        existing(id);
        Gateway revoked = self.markRevoked(caller.getName(), id);
        remember(revoked);
        if (BOOTSTRAP.equals(revoked.getName())) {
            defaultBootstrapActive = false;
        }
        return listed(revoked);
    }

    /** Default passwords, plus the default bootstrap token while it still works (revoking it ends the warning). */
    public List<String> defaultSettingsInUse() {
        List<String> defaults = new ArrayList<>(access.defaultSettings());
        if (!defaultBootstrapActive) {
            defaults.remove("MCPTRACE_GATEWAY_TOKEN");
        }
        return defaults;
    }

    private static void unused(String name, List<Gateway> gateways) {
        for (Gateway other : gateways) {
            if (other.getName().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                throw new ConfigurationRejected(Kind.CONFLICT, "name", "The name '" + name
                        + "' is already used by another gateway" + (other.isRevoked() ? " (revoked)." : "."));
            }
        }
    }

    /** Refuses an unknown id before any transaction, for the same reason as {@link #unused}. */
    private void existing(long id) {
        if (self.rows().stream().noneMatch(g -> g.getId() == id)) {
            throw notFound(id);
        }
    }

    private Gateway found(long id) {
        Gateway gateway = em.find(Gateway.class, id);
        if (gateway == null) {
            throw notFound(id);
        }
        return gateway;
    }

    private static ConfigurationRejected notFound(long id) {
        return new ConfigurationRejected(Kind.NOT_FOUND, "id", "There is no gateway with id " + id + ".");
    }

    // the transactions: called through 'self', so that the interceptor applies
    @Transactional
    public List<Gateway> rows() {
        return em.createQuery("select g from Gateway g order by lower(g.name), g.id", Gateway.class).getResultList();
    }

    @Transactional
    public Gateway store(String actor, String name, String tokenHash, Forwarding forwarding) {
        unused(name, rows());
        Gateway gateway = new Gateway(name, tokenHash, Instant.now().truncatedTo(ChronoUnit.MILLIS), actor,
                forwarding.mode(), forwarding.trustedProxies());
        em.persist(gateway);
        em.flush();
        audit.record(actor, "register", "Gateway", gateway.getId(), gateway.getName(), null, AuditTrail.json(gateway));
        committing.fire(new ChangeCommitting(ChangeCommitting.Subject.GATEWAYS, 0));
        return gateway;
    }

    @Transactional
    public Gateway storeForwarding(String actor, long id, Forwarding forwarding) {
        Gateway gateway = found(id);
        String before = AuditTrail.json(gateway);
        gateway.forwarding(forwarding.mode(), forwarding.trustedProxies());
        em.flush();
        audit.record(actor, "update", "Gateway", gateway.getId(), gateway.getName(), before, AuditTrail.json(gateway));
        return gateway;
    }

    @Transactional
    public Gateway markRevoked(String actor, long id) {
        Gateway gateway = found(id);
        if (!gateway.isRevoked()) {
            String before = AuditTrail.json(gateway);
            gateway.revoke(Instant.now().truncatedTo(ChronoUnit.MILLIS), actor);
            em.flush();
            audit.record(actor, "revoke", "Gateway", gateway.getId(), gateway.getName(), before, AuditTrail.json(gateway));
            committing.fire(new ChangeCommitting(ChangeCommitting.Subject.GATEWAYS, 0));
        }
        return gateway;
    }

    /**
     * The gateway named {@value #BOOTSTRAP} holds the MCPTRACE_GATEWAY_TOKEN, so a first gateway can report before
     * anyone has signed in. Once revoked it stays revoked across restarts; configuring a different token replaces the
     * old one (an explicit act of the operator running the server) and is audited.
     */
    @Transactional
    public void ensureBootstrap(String token) {
        String hash = Secrets.tokenHash(token.strip());
        List<Gateway> same = em.createQuery("select g from Gateway g where g.tokenHash = :h", Gateway.class)
                .setParameter("h", hash).getResultList();
        if (!same.isEmpty()) {
            return;
        }
        List<Gateway> named = em.createQuery("select g from Gateway g where g.name = :n", Gateway.class)
                .setParameter("n", BOOTSTRAP).getResultList();
        Gateway gateway;
        String before = null;
        if (named.isEmpty()) {
            gateway = new Gateway(BOOTSTRAP, hash, Instant.now().truncatedTo(ChronoUnit.MILLIS), "system");
            em.persist(gateway);
        } else {
            gateway = named.get(0);
            before = AuditTrail.json(gateway);
            gateway.replaceToken(hash);
        }
        em.flush();
        audit.record("system", before == null ? "register" : "replace token", "Gateway", gateway.getId(), BOOTSTRAP,
                before, AuditTrail.json(gateway));
        committing.fire(new ChangeCommitting(ChangeCommitting.Subject.GATEWAYS, 0));
    }

    @Transactional
    public void writeActivity(Map<Long, long[]> counts, Map<Long, Instant> lastSeen) {
        counts.forEach((id, n) -> {
            // locked for the read-add-write, so a flush by another node on the same database is never overwritten
            Gateway gateway = em.find(Gateway.class, id, LockModeType.PESSIMISTIC_WRITE);
            if (gateway != null) {
                gateway.seen(n[0], lastSeen.get(id));
            }
        });
    }

    /** Reads every gateway again: at start, and when another node registered or revoked one. */
    public synchronized void reload() {
        boolean defaultActive = false;
        String defaultHash = Secrets.tokenHash(Access.DEFAULT_GATEWAY_TOKEN);
        for (Gateway g : self.rows()) {
            remember(g);
            defaultActive |= g.getTokenHash().equals(defaultHash) && !g.isRevoked();
        }
        defaultBootstrapActive = defaultActive;
    }

    void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not write gateway activity; it is kept and retried", e);
        }
    }

    /** Moves the counts out of memory first, and back if the write fails, so no report is counted twice or lost. */
    void flush() {
        Map<Long, long[]> counts = new LinkedHashMap<>();
        Map<Long, Instant> seen = new LinkedHashMap<>();
        activity.forEach((id, a) -> {
            long n = a.count.getAndSet(0);
            if (n > 0) {
                counts.put(id, new long[] {n});
                seen.put(id, a.lastSeen.get());
            }
        });
        if (counts.isEmpty()) {
            return;
        }
        try {
            self.writeActivity(counts, seen);
        } catch (RuntimeException e) {
            counts.forEach((id, n) -> activity.computeIfAbsent(id, k -> new Activity()).count.addAndGet(n[0]));
            throw e;
        }
    }

    private void remember(Gateway g) {
        Known known = new Known(g);
        byTokenHash.put(g.getTokenHash(), known);
        byName.put(g.getName(), known);
    }

    private Known byName(String name) {
        Known known = name == null ? null : byName.get(name);
        return known == null || known.revoked ? null : known;
    }

    private static void checked(Forwarding forwarding) {
        if (forwarding == null || forwarding.mode() == null) {
            throw new ConfigurationRejected(Kind.INVALID, "mode", "mode must be observe or enforce.");
        }
        if (forwarding.trustedProxies() < 0 || forwarding.trustedProxies() > Gateway.TRUSTED_PROXIES_MAX) {
            throw new ConfigurationRejected(Kind.INVALID, "trustedProxies", "trustedProxies must be between 0 and "
                    + Gateway.TRUSTED_PROXIES_MAX + ": the number of proxies in front of this gateway that add their "
                    + "own X-Forwarded-For entry.");
        }
    }

    private Listed listed(Gateway g) {
        Activity pending = activity.get(g.getId());
        long count = g.getRequestCount() + (pending == null ? 0 : pending.count.get());
        Instant lastSeen = g.getLastSeen();
        Instant pendingSeen = pending == null ? null : pending.lastSeen.get();
        if (pendingSeen != null && (lastSeen == null || pendingSeen.isAfter(lastSeen))) {
            lastSeen = pendingSeen;
        }
        return new Listed(g.getId(), g.getName(), g.getCreatedAt(), g.getCreatedBy(), lastSeen, count,
                g.getRevokedAt(), g.getRevokedBy(), g.getMode(), g.getTrustedProxies(),
                pending == null ? 0 : pending.passed.sum(), pending == null ? 0 : pending.refused.sum());
    }

    private static String clean(String name) {
        String clean = name == null ? "" : name.strip();
        if (clean.isEmpty()) {
            throw new ConfigurationRejected(Kind.INVALID, "name", "A name is required.");
        }
        if (clean.length() > Gateway.NAME_MAX) {
            throw new ConfigurationRejected(Kind.INVALID, "name", "The name is longer than " + Gateway.NAME_MAX
                    + " characters.");
        }
        if (clean.codePoints().anyMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT)) {
            throw new ConfigurationRejected(Kind.INVALID, "name", "The name contains control or formatting characters.");
        }
        return clean;
    }
}
