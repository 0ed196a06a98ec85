package org.mcptrace.application;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.SystemException;
import jakarta.transaction.Transactional;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.UserTransaction;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.mcptrace.application.ConfigurationRejected.Kind;
import org.mcptrace.domain.configuration.AccessPolicy;
import org.mcptrace.domain.configuration.ClientWorkload;
import org.mcptrace.domain.configuration.ConfigurationObject;
import org.mcptrace.domain.configuration.ConfigurationRevision;
import org.mcptrace.domain.configuration.ServerWorkload;
import org.mcptrace.domain.resolution.AccessPolicySnapshot;
import org.mcptrace.domain.resolution.ClientWorkloadSnapshot;
import org.mcptrace.domain.resolution.ConfigurationSnapshot;
import org.mcptrace.domain.resolution.ServerWorkloadSnapshot;

/**
 * The one path every configuration change takes, whichever of the three services asks: the caller must be an
 * operator; the change runs in its own transaction that first locks the revision row, so writers are serialised and
 * the uniqueness checks cannot be passed by two concurrent saves that conflict with each other; the audit record
 * commits with the change; the revision goes up by one; and {@link ConfigurationChanged} is fired only once the
 * transaction has committed, so an observer reading {@link #snapshot()} sees the change. Also the rules the three
 * share (names, descriptions, versions).
 *
 * <p>The transaction is begun and ended here rather than by {@code @Transactional}: Liberty's interceptor writes an
 * FFDC incident file for every runtime exception that leaves it, and a refused change is an answer to the operator,
 * not an incident.
 */
@ApplicationScoped
public class ConfigurationChanges {

    public static final int NAME_MAX = ConfigurationObject.NAME_MAX;
    public static final int DESCRIPTION_MAX = org.mcptrace.domain.configuration.Workload.DESCRIPTION_MAX;
    public static final int URI_MAX = 2000;

    // the words of the rules below, shared with the screens' Bean Validation so an editor says what the API says
    public static final String NAME_REQUIRED = "A name is required.";
    public static final String NAME_TOO_LONG = "The name is longer than " + NAME_MAX + " characters.";
    public static final String DESCRIPTION_TOO_LONG = "The description is longer than " + DESCRIPTION_MAX
            + " characters.";
    public static final String REDIRECT_URIS_REQUIRED = "At least one redirect URI or client ID is required.";
    public static final String RESOURCE_URL_REQUIRED = "A resource URL is required.";
    public static final String CLIENT_WORKLOAD_REQUIRED = "Choose a Client Workload.";
    public static final String SERVER_WORKLOAD_REQUIRED = "Choose a Server Workload.";

    private static final Logger LOG = Logger.getLogger(ConfigurationChanges.class.getName());

    @PersistenceContext(unitName = "mcptrace")
    EntityManager em;

    @Inject
    Event<ConfigurationChanged> changed;

    @Inject
    Event<ChangeCommitting> committing;

    @Inject
    Caller caller;

    @Inject
    AuditTrail audit;

    @Resource
    UserTransaction transaction;

    @Resource(lookup = "java:comp/TransactionSynchronizationRegistry")
    TransactionSynchronizationRegistry transactions;

    // a transaction and persistence context of its own: the cluster's periodic check calls this from a thread that
    // lives as long as the application, where nothing else would end them between two checks
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public long revision() {
        ConfigurationRevision row = em.find(ConfigurationRevision.class, ConfigurationRevision.ROW);
        return row == null ? 0 : row.getRevision();
    }

    /**
     * The resolver's immutable view. Runs in its own transaction holding the revision lock, so that the three tables
     * are read at one revision, and so that it also works from an observer running after the writer's commit.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public ConfigurationSnapshot snapshot() {
        ConfigurationRevision row = em.find(ConfigurationRevision.class, ConfigurationRevision.ROW,
                LockModeType.PESSIMISTIC_WRITE);
        long revision = row == null ? 0 : row.getRevision();
        List<ClientWorkloadSnapshot> clients = all(ClientWorkload.class).stream()
                .map(c -> new ClientWorkloadSnapshot(c.getId(), c.getName(), c.isActive(), c.getRedirectUris(),
                        c.getClientIds())).toList();
        List<ServerWorkloadSnapshot> servers = all(ServerWorkload.class).stream()
                .map(s -> new ServerWorkloadSnapshot(s.getId(), s.getName(), s.isActive(), s.getResourceUrl())).toList();
        List<AccessPolicySnapshot> policies = all(AccessPolicy.class).stream()
                .map(p -> new AccessPolicySnapshot(p.getId(), p.getName(), p.isActive(), p.getClientWorkload().getId(),
                        p.getServerWorkload().getId())).toList();
        return ConfigurationSnapshot.of(revision, clients, servers, policies);
    }

    /** Every object of a kind, by name as an operator reads a list. */
    <T extends ConfigurationObject> List<T> all(Class<T> type) {
        return em.createQuery("select o from " + type.getSimpleName() + " o order by lower(o.name), o.id", type)
                .getResultList();
    }

    <T extends ConfigurationObject> T find(Class<T> type, String kind, long id) {
        T found = em.find(type, id);
        if (found == null) {
            throw new ConfigurationRejected(Kind.NOT_FOUND, "id", "There is no " + kind + " with id " + id + ".");
        }
        return found;
    }

    /**
     * Runs one audited change: {@code target} loads the object changed (null for a creation), {@code change} changes,
     * creates or removes it and answers it, {@code json} is what the audit trail keeps of it before and after.
     */
    <T extends ConfigurationObject> T apply(String action, String kind, Function<T, String> json, Supplier<T> target,
            UnaryOperator<T> change) {
        caller.requireOperator();
        return inTransaction(() -> {
            lockRevision();
            T before = target.get();
            String was = before == null ? null : json.apply(before);
            T after = change.apply(before);
            flush();
            audit.record(caller.getName(), action, kind, after.getId(), after.getName(), was,
                    "delete".equals(action) ? null : json.apply(after));
            long revision = lockRevision().increment();
            committing.fire(new ChangeCommitting(ChangeCommitting.Subject.CONFIGURATION, revision));
            transactions.registerInterposedSynchronization(new AfterCommit(revision));
            return after;
        });
    }

    private <T> T inTransaction(Supplier<T> work) {
        try {
            transaction.begin();
        } catch (jakarta.transaction.NotSupportedException | SystemException e) {
            throw new IllegalStateException("cannot begin a transaction", e);
        }
        boolean committed = false;
        try {
            T result = work.get();
            transaction.commit();
            committed = true;
            return result;
        } catch (jakarta.transaction.RollbackException | jakarta.transaction.HeuristicMixedException
                | jakarta.transaction.HeuristicRollbackException | SystemException e) {
            LOG.log(Level.WARNING, "configuration change not committed", e);
            throw ConfigurationRejected.conflict(null, "The change could not be committed; reload and try again.");
        } finally {
            if (!committed) {
                rollBack();
            }
        }
    }

    private void rollBack() {
        try {
            if (transaction.getStatus() != Status.STATUS_NO_TRANSACTION) {
                transaction.rollback();
            }
        } catch (SystemException | IllegalStateException e) {
            LOG.log(Level.WARNING, "rolling back a refused configuration change failed", e);
        }
    }

    private ConfigurationRevision lockRevision() {
        ConfigurationRevision row = em.find(ConfigurationRevision.class, ConfigurationRevision.ROW,
                LockModeType.PESSIMISTIC_WRITE);
        if (row == null) {
            // first change in a fresh database; a concurrent first change fails on the key and is told to retry
            row = ConfigurationRevision.initial();
            em.persist(row);
        }
        return row;
    }

    /** So that a lost race surfaces here as a rule violation rather than at commit. */
    private void flush() {
        try {
            em.flush();
        } catch (OptimisticLockException e) {
            throw new ConfigurationRejected(Kind.STALE, "version", "The object was changed by someone else; reload it"
                    + " and apply the change again.");
        } catch (PersistenceException e) {
            LOG.log(Level.WARNING, "configuration change refused by the database", e);
            throw ConfigurationRejected.conflict(null, "The database refused the change as conflicting with"
                    + " another object; reload and try again.");
        }
    }

    private final class AfterCommit implements Synchronization {
        private final long revision;

        AfterCommit(long revision) {
            this.revision = revision;
        }

        @Override
        public void beforeCompletion() {
        }

        @Override
        public void afterCompletion(int status) {
            if (status != Status.STATUS_COMMITTED) {
                return;
            }
            try {
                changed.fire(new ConfigurationChanged(revision));
            } catch (RuntimeException e) {
                // the change is committed; an observer's failure must not turn it into an error for the operator
                LOG.log(Level.SEVERE, "an observer of configuration revision " + revision + " failed", e);
            }
        }
    }

    // ---------------------------------------------------------------- rules the three share

    static String name(String name) {
        String clean = name == null ? "" : name.strip();
        if (clean.isEmpty()) {
            throw ConfigurationRejected.invalid("name", NAME_REQUIRED);
        }
        if (clean.length() > NAME_MAX) {
            throw ConfigurationRejected.invalid("name", NAME_TOO_LONG);
        }
        if (clean.codePoints().anyMatch(Character::isISOControl)) {
            throw ConfigurationRejected.invalid("name", "The name contains control characters.");
        }
        return clean;
    }

    static String description(String description) {
        String clean = description == null ? "" : description.strip();
        if (clean.length() > DESCRIPTION_MAX) {
            throw ConfigurationRejected.invalid("description", DESCRIPTION_TOO_LONG);
        }
        return clean;
    }

    // names that differ only in case would be indistinguishable to an operator scanning a trace
    static boolean sameName(String a, String b) {
        return a.toLowerCase(Locale.ROOT).equals(b.toLowerCase(Locale.ROOT));
    }

    /** Refuses a name another object of the same kind already has. */
    static void uniqueName(String kind, String name, ConfigurationObject other) {
        if (sameName(other.getName(), name)) {
            throw ConfigurationRejected.conflict("name", "The name '" + name + "' is already used by " + kind + " '"
                    + other.getName() + "'.");
        }
    }

    static boolean activeOrDefault(Boolean active) {
        return active == null || active;
    }

    static boolean required(Boolean active) {
        if (active == null) {
            throw ConfigurationRejected.invalid("active", "Say whether it is active (true or false).");
        }
        return active;
    }

    static <T extends ConfigurationObject> T current(T object, Integer version, String kind) {
        if (version == null) {
            throw ConfigurationRejected.invalid("version", "The version of the " + kind
                    + " being changed is required, so that a concurrent change is not overwritten.");
        }
        if (object.getVersion() != version) {
            throw new ConfigurationRejected(Kind.STALE, "version", kind + " '" + object.getName()
                    + "' was changed by someone else since it was read (version " + version + ", now "
                    + object.getVersion() + "); reload it and apply the change again.");
        }
        return object;
    }
}
