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
import jakarta.transaction.Transactional;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.mcptrace.application.ConfigurationRejected.Kind;
import org.mcptrace.domain.configuration.AccessPolicy;
import org.mcptrace.domain.configuration.ClientWorkload;
import org.mcptrace.domain.configuration.ConfigurationObject;
import org.mcptrace.domain.configuration.ConfigurationRevision;
import org.mcptrace.domain.configuration.ServerWorkload;
import org.mcptrace.domain.resolution.AccessPolicyView;
import org.mcptrace.domain.resolution.ClientWorkloadView;
import org.mcptrace.domain.resolution.ConfigurationSnapshot;
import org.mcptrace.domain.resolution.RedirectUris;
import org.mcptrace.domain.resolution.ResourceUrls;
import org.mcptrace.domain.resolution.ServerWorkloadView;

/**
 * Creates, changes and deletes Client Workloads, Server Workloads and Access Policies for the REST API and the
 * screens alike, so that every rule (validity, uniqueness, optimistic locking, references) is enforced in one place.
 *
 * <p>Every write first locks the revision row: writers are serialised, so the uniqueness checks below cannot be
 * passed by two concurrent saves that conflict with each other. {@link ConfigurationChanged} is fired only once the
 * transaction has committed, so an observer reading {@link #snapshot()} sees the change.
 */
@ApplicationScoped
@Transactional
public class Configuration {

    public static final int NAME_MAX = 200;
    public static final int DESCRIPTION_MAX = 2000;
    public static final int URI_MAX = 2000;

    // the words of the rules below, shared with the screens' Bean Validation so an editor says what the API says
    public static final String NAME_REQUIRED = "A name is required.";
    public static final String NAME_TOO_LONG = "The name is longer than " + NAME_MAX + " characters.";
    public static final String DESCRIPTION_TOO_LONG = "The description is longer than " + DESCRIPTION_MAX
            + " characters.";
    public static final String REDIRECT_URIS_REQUIRED = "At least one redirect URI is required.";
    public static final String RESOURCE_URL_REQUIRED = "A resource URL is required.";
    public static final String CLIENT_WORKLOAD_REQUIRED = "Choose a Client Workload.";
    public static final String SERVER_WORKLOAD_REQUIRED = "Choose a Server Workload.";

    private static final Logger LOG = Logger.getLogger(Configuration.class.getName());

    @PersistenceContext(unitName = "mcptrace")
    EntityManager em;

    @Inject
    Event<ConfigurationChanged> changed;

    @Inject
    Event<ChangeCommitting> committing;

    @Inject
    Caller caller;

    @Inject
    Audit audit;

    @Resource(lookup = "java:comp/TransactionSynchronizationRegistry")
    TransactionSynchronizationRegistry transactions;

    // ---------------------------------------------------------------- reading

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
        List<ClientWorkloadView> clients = clientWorkloads().stream()
                .map(c -> new ClientWorkloadView(c.getId(), c.getName(), c.isActive(), c.getRedirectUris())).toList();
        List<ServerWorkloadView> servers = serverWorkloads().stream()
                .map(s -> new ServerWorkloadView(s.getId(), s.getName(), s.isActive(), s.getResourceUrl())).toList();
        List<AccessPolicyView> policies = accessPolicies().stream()
                .map(p -> new AccessPolicyView(p.getId(), p.getName(), p.isActive(), p.getClientWorkload().getId(),
                        p.getServerWorkload().getId())).toList();
        return ConfigurationSnapshot.of(revision, clients, servers, policies);
    }

    public List<ClientWorkload> clientWorkloads() {
        return em.createQuery("select c from ClientWorkload c order by lower(c.name), c.id", ClientWorkload.class)
                .getResultList();
    }

    public List<ServerWorkload> serverWorkloads() {
        return em.createQuery("select s from ServerWorkload s order by lower(s.name), s.id", ServerWorkload.class)
                .getResultList();
    }

    public List<AccessPolicy> accessPolicies() {
        return em.createQuery("select p from AccessPolicy p order by lower(p.name), p.id", AccessPolicy.class)
                .getResultList();
    }

    public ClientWorkload clientWorkload(long id) {
        return Optional.ofNullable(em.find(ClientWorkload.class, id))
                .orElseThrow(() -> notFound("Client Workload", id));
    }

    public ServerWorkload serverWorkload(long id) {
        return Optional.ofNullable(em.find(ServerWorkload.class, id))
                .orElseThrow(() -> notFound("Server Workload", id));
    }

    public AccessPolicy accessPolicy(long id) {
        return Optional.ofNullable(em.find(AccessPolicy.class, id))
                .orElseThrow(() -> notFound("Access Policy", id));
    }

    // ---------------------------------------------------------------- Client Workloads

    public ClientWorkload createClientWorkload(String name, String description, List<String> redirectUris,
            Boolean active) {
        lockRevision();
        ClientInput input = clientInput(null, name, description, redirectUris);
        ClientWorkload workload = new ClientWorkload(input.name, input.description, input.redirectUris,
                activeOrDefault(active));
        em.persist(workload);
        committed(workload);
        audited("create", "Client Workload", workload.getId(), workload.getName(), null, Audit.json(workload));
        return workload;
    }

    public ClientWorkload updateClientWorkload(long id, Integer version, String name, String description,
            List<String> redirectUris, Boolean active) {
        lockRevision();
        ClientWorkload workload = current(clientWorkload(id), version, "Client Workload");
        String before = Audit.json(workload);
        ClientInput input = clientInput(workload.getId(), name, description, redirectUris);
        workload.change(input.name, input.description, input.redirectUris, required(active));
        committed(workload);
        audited("update", "Client Workload", workload.getId(), workload.getName(), before, Audit.json(workload));
        return workload;
    }

    public ClientWorkload setClientWorkloadActive(long id, Integer version, boolean active) {
        lockRevision();
        ClientWorkload workload = current(clientWorkload(id), version, "Client Workload");
        String before = Audit.json(workload);
        workload.setActive(active);
        committed(workload);
        audited(active ? "activate" : "deactivate", "Client Workload", workload.getId(), workload.getName(), before,
                Audit.json(workload));
        return workload;
    }

    public void deleteClientWorkload(long id) {
        lockRevision();
        ClientWorkload workload = clientWorkload(id);
        refuseIfUsed("Client Workload", workload.getName(),
                em.createQuery("select p from AccessPolicy p where p.clientWorkload = :w order by p.name",
                        AccessPolicy.class).setParameter("w", workload).getResultList());
        String before = Audit.json(workload);
        em.remove(workload);
        committed(workload);
        audited("delete", "Client Workload", id, workload.getName(), before, null);
    }

    private record ClientInput(String name, String description, List<String> redirectUris) {
    }

    private ClientInput clientInput(Long self, String name, String description, List<String> redirectUris) {
        String cleanName = name(name);
        String cleanDescription = description(description);
        List<String> uris = redirectUris(redirectUris);
        Map<String, Integer> keys = new HashMap<>();
        for (int i = 0; i < uris.size(); i++) {
            keys.put(RedirectUris.conflictKey(uris.get(i)), i);
        }
        for (ClientWorkload other : clientWorkloads()) {
            if (Objects.equals(other.getId(), self)) {
                continue;
            }
            if (sameName(other.getName(), cleanName)) {
                throw ConfigurationRejected.conflict("name", "The name '" + cleanName
                        + "' is already used by Client Workload '" + other.getName() + "'.");
            }
            for (String registered : other.getRedirectUris()) {
                String key = RedirectUris.conflictKey(registered);
                Integer index = keys.get(key);
                if (index != null) {
                    String uri = uris.get(index);
                    throw ConfigurationRejected.conflict("redirectUris[" + index + "]", uri.equals(registered)
                            ? "Redirect URI " + uri + " is already registered for Client Workload '" + other.getName()
                                    + "'; a redirect URI belongs to one workload only."
                            : "Redirect URI " + uri + " conflicts with " + registered + " of Client Workload '"
                                    + other.getName() + "' (loopback URIs differ only by port).");
                }
            }
        }
        return new ClientInput(cleanName, cleanDescription, uris);
    }

    /** The redirect URIs as stored (stripped), each valid and none conflicting with another of the same list. */
    public static List<String> redirectUris(List<String> redirectUris) {
        if (redirectUris == null || redirectUris.stream().allMatch(u -> u == null || u.isBlank())) {
            throw ConfigurationRejected.invalid("redirectUris", REDIRECT_URIS_REQUIRED);
        }
        List<String> uris = new ArrayList<>();
        Map<String, Integer> keys = new HashMap<>();
        for (int i = 0; i < redirectUris.size(); i++) {
            String field = "redirectUris[" + i + "]";
            String uri = redirectUris.get(i) == null ? "" : redirectUris.get(i).strip();
            if (uri.isEmpty()) {
                throw ConfigurationRejected.invalid(field, "Redirect URI " + (i + 1) + " is empty.");
            }
            if (uri.length() > URI_MAX) {
                throw ConfigurationRejected.invalid(field, "Redirect URI " + (i + 1) + " is longer than " + URI_MAX
                        + " characters.");
            }
            Optional<String> problem = RedirectUris.problem(uri);
            if (problem.isPresent()) {
                throw ConfigurationRejected.invalid(field, "Redirect URI " + uri + " is not valid: " + problem.get()
                        + ".");
            }
            Integer earlier = keys.putIfAbsent(RedirectUris.conflictKey(uri), i);
            if (earlier != null) {
                throw ConfigurationRejected.invalid(field, "Redirect URI " + uri + " repeats " + uris.get(earlier)
                        + (uri.equals(uris.get(earlier)) ? "." : " (loopback URIs differ only by port)."));
            }
            uris.add(uri);
        }
        return List.copyOf(uris);
    }

    // ---------------------------------------------------------------- Server Workloads

    public ServerWorkload createServerWorkload(String name, String description, String resourceUrl, Boolean active) {
        lockRevision();
        ServerInput input = serverInput(null, name, description, resourceUrl);
        ServerWorkload workload = new ServerWorkload(input.name, input.description, input.resourceUrl,
                activeOrDefault(active));
        em.persist(workload);
        committed(workload);
        audited("create", "Server Workload", workload.getId(), workload.getName(), null, Audit.json(workload));
        return workload;
    }

    public ServerWorkload updateServerWorkload(long id, Integer version, String name, String description,
            String resourceUrl, Boolean active) {
        lockRevision();
        ServerWorkload workload = current(serverWorkload(id), version, "Server Workload");
        String before = Audit.json(workload);
        ServerInput input = serverInput(workload.getId(), name, description, resourceUrl);
        workload.change(input.name, input.description, input.resourceUrl, required(active));
        committed(workload);
        audited("update", "Server Workload", workload.getId(), workload.getName(), before, Audit.json(workload));
        return workload;
    }

    public ServerWorkload setServerWorkloadActive(long id, Integer version, boolean active) {
        lockRevision();
        ServerWorkload workload = current(serverWorkload(id), version, "Server Workload");
        String before = Audit.json(workload);
        workload.setActive(active);
        committed(workload);
        audited(active ? "activate" : "deactivate", "Server Workload", workload.getId(), workload.getName(), before,
                Audit.json(workload));
        return workload;
    }

    public void deleteServerWorkload(long id) {
        lockRevision();
        ServerWorkload workload = serverWorkload(id);
        refuseIfUsed("Server Workload", workload.getName(),
                em.createQuery("select p from AccessPolicy p where p.serverWorkload = :w order by p.name",
                        AccessPolicy.class).setParameter("w", workload).getResultList());
        String before = Audit.json(workload);
        em.remove(workload);
        committed(workload);
        audited("delete", "Server Workload", id, workload.getName(), before, null);
    }

    private record ServerInput(String name, String description, String resourceUrl) {
    }

    private ServerInput serverInput(Long self, String name, String description, String resourceUrl) {
        String cleanName = name(name);
        String cleanDescription = description(description);
        String url = resourceUrl(resourceUrl);
        String canonical = ResourceUrls.canonical(url);
        for (ServerWorkload other : serverWorkloads()) {
            if (Objects.equals(other.getId(), self)) {
                continue;
            }
            if (sameName(other.getName(), cleanName)) {
                throw ConfigurationRejected.conflict("name", "The name '" + cleanName
                        + "' is already used by Server Workload '" + other.getName() + "'.");
            }
            if (canonical.equals(ResourceUrls.canonical(other.getResourceUrl()))) {
                throw ConfigurationRejected.conflict("resourceUrl", url.equals(other.getResourceUrl())
                        ? "Resource URL " + url + " is already the resource URL of Server Workload '"
                                + other.getName() + "'."
                        : "Resource URL " + url + " conflicts with " + other.getResourceUrl() + " of Server Workload '"
                                + other.getName() + "' (equal after canonicalisation: " + canonical + ").");
            }
        }
        return new ServerInput(cleanName, cleanDescription, url);
    }

    /** The resource URL as stored (stripped), if valid. */
    public static String resourceUrl(String resourceUrl) {
        String url = resourceUrl == null ? "" : resourceUrl.strip();
        if (url.isEmpty()) {
            throw ConfigurationRejected.invalid("resourceUrl", RESOURCE_URL_REQUIRED);
        }
        if (url.length() > URI_MAX) {
            throw ConfigurationRejected.invalid("resourceUrl", "The resource URL is longer than " + URI_MAX
                    + " characters.");
        }
        Optional<String> problem = ResourceUrls.problem(url).or(() -> httpProblem(url));
        if (problem.isPresent()) {
            throw ConfigurationRejected.invalid("resourceUrl", "Resource URL " + url + " is not valid: "
                    + problem.get() + ".");
        }
        return url;
    }

    // an MCP server is reached over HTTP; anything else cannot be what a client names in 'resource'
    private static Optional<String> httpProblem(String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("https") && !scheme.equals("http")) {
                return Optional.of("an MCP server URI uses https (or http), not '" + uri.getScheme() + "'");
            }
            if (uri.getRawAuthority() == null || uri.getRawAuthority().isEmpty()) {
                return Optional.of("it has no host");
            }
            return Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.of("it is not a valid URI: " + e.getReason());
        }
    }

    // ---------------------------------------------------------------- Access Policies

    public AccessPolicy createAccessPolicy(String name, Long clientWorkloadId, Long serverWorkloadId, Boolean active) {
        lockRevision();
        AccessPolicy policy = new AccessPolicy("", null, null, true);
        applyPolicy(policy, null, name, clientWorkloadId, serverWorkloadId, activeOrDefault(active));
        em.persist(policy);
        committed(policy);
        audited("create", "Access Policy", policy.getId(), policy.getName(), null, Audit.json(policy));
        return policy;
    }

    public AccessPolicy updateAccessPolicy(long id, Integer version, String name, Long clientWorkloadId,
            Long serverWorkloadId, Boolean active) {
        lockRevision();
        AccessPolicy policy = current(accessPolicy(id), version, "Access Policy");
        String before = Audit.json(policy);
        applyPolicy(policy, policy.getId(), name, clientWorkloadId, serverWorkloadId, active);
        committed(policy);
        audited("update", "Access Policy", policy.getId(), policy.getName(), before, Audit.json(policy));
        return policy;
    }

    public AccessPolicy setAccessPolicyActive(long id, Integer version, boolean active) {
        lockRevision();
        AccessPolicy policy = current(accessPolicy(id), version, "Access Policy");
        String before = Audit.json(policy);
        policy.setActive(active);
        committed(policy);
        audited(active ? "activate" : "deactivate", "Access Policy", policy.getId(), policy.getName(), before,
                Audit.json(policy));
        return policy;
    }

    public void deleteAccessPolicy(long id) {
        lockRevision();
        AccessPolicy policy = accessPolicy(id);
        String before = Audit.json(policy);
        em.remove(policy);
        committed(policy);
        audited("delete", "Access Policy", id, policy.getName(), before, null);
    }

    private void applyPolicy(AccessPolicy policy, Long self, String name, Long clientWorkloadId,
            Long serverWorkloadId, Boolean active) {
        String cleanName = name(name);
        if (clientWorkloadId == null) {
            throw ConfigurationRejected.invalid("clientWorkloadId", CLIENT_WORKLOAD_REQUIRED);
        }
        ClientWorkload client = em.find(ClientWorkload.class, clientWorkloadId);
        if (client == null) {
            throw ConfigurationRejected.invalid("clientWorkloadId", "There is no Client Workload with id "
                    + clientWorkloadId + ".");
        }
        if (serverWorkloadId == null) {
            throw ConfigurationRejected.invalid("serverWorkloadId", SERVER_WORKLOAD_REQUIRED);
        }
        ServerWorkload server = em.find(ServerWorkload.class, serverWorkloadId);
        if (server == null) {
            throw ConfigurationRejected.invalid("serverWorkloadId", "There is no Server Workload with id "
                    + serverWorkloadId + ".");
        }
        required(active);
        for (AccessPolicy other : accessPolicies()) {
            if (Objects.equals(other.getId(), self)) {
                continue;
            }
            if (sameName(other.getName(), cleanName)) {
                throw ConfigurationRejected.conflict("name", "The name '" + cleanName
                        + "' is already used by Access Policy '" + other.getName() + "'.");
            }
            if (other.getClientWorkload().getId().equals(client.getId())
                    && other.getServerWorkload().getId().equals(server.getId())) {
                throw ConfigurationRejected.conflict("serverWorkloadId", "Access Policy '" + other.getName()
                        + "' already connects Client Workload '" + client.getName() + "' to Server Workload '"
                        + server.getName() + "'; there is at most one policy per pair.");
            }
        }
        policy.change(cleanName, client, server, active);
    }

    // ---------------------------------------------------------------- shared rules

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

    private static boolean activeOrDefault(Boolean active) {
        return active == null || active;
    }

    private static Boolean required(Boolean active) {
        if (active == null) {
            throw ConfigurationRejected.invalid("active", "Say whether it is active (true or false).");
        }
        return active;
    }

    private static <T extends ConfigurationObject> T current(T entity, Integer version, String kind) {
        if (version == null) {
            throw ConfigurationRejected.invalid("version", "The version of the " + kind
                    + " being changed is required, so that a concurrent change is not overwritten.");
        }
        if (entity.getVersion() != version) {
            throw new ConfigurationRejected(Kind.STALE, "version", kind + " '" + entity.getName()
                    + "' was changed by someone else since it was read (version " + version + ", now "
                    + entity.getVersion() + "); reload it and apply the change again.");
        }
        return entity;
    }

    private static void refuseIfUsed(String kind, String name, List<AccessPolicy> users) {
        if (!users.isEmpty()) {
            String names = String.join(", ", users.stream().map(p -> "'" + p.getName() + "'").toList());
            throw new ConfigurationRejected(Kind.IN_USE, null, kind + " '" + name + "' is used by Access Polic"
                    + (users.size() == 1 ? "y " : "ies ") + names + "; delete or change "
                    + (users.size() == 1 ? "that policy" : "those policies") + " first.");
        }
    }

    private static ConfigurationRejected notFound(String kind, long id) {
        return new ConfigurationRejected(Kind.NOT_FOUND, "id", "There is no " + kind + " with id " + id + ".");
    }

    // the same transaction as the change: both commit, or neither
    private void audited(String action, String kind, Long id, String name, String before, String after) {
        audit.record(caller.getName(), action, kind, id, name, before, after);
    }

    private ConfigurationRevision lockRevision() {
        // every write starts here, so this one check covers the API and the screens alike
        caller.requireOperator();
        ConfigurationRevision row = em.find(ConfigurationRevision.class, ConfigurationRevision.ROW,
                LockModeType.PESSIMISTIC_WRITE);
        if (row == null) {
            // first change in a fresh database; a concurrent first change fails on the key and is told to retry
            row = ConfigurationRevision.initial();
            em.persist(row);
        }
        return row;
    }

    /** Flushes so that a lost race surfaces here as a rule violation, then bumps the revision and schedules the event. */
    private <T> T committed(T entity) {
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
        long revision = lockRevision().increment();
        committing.fire(new ChangeCommitting(ChangeCommitting.Subject.CONFIGURATION, revision));
        transactions.registerInterposedSynchronization(new AfterCommit(revision));
        return entity;
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
}
