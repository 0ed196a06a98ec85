package org.mcptrace.application;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.mcptrace.domain.configuration.AccessPolicy;
import org.mcptrace.domain.configuration.ClientWorkload;
import org.mcptrace.domain.resolution.RedirectUris;

/**
 * Client Workloads for the REST API and the screens alike: a redirect URI belongs to one workload only, and so does a
 * client ID; a workload has at least one of the two.
 */
@ApplicationScoped
public class ClientWorkloadService extends ConfigurationService<ClientWorkload> {

    public ClientWorkloadService() {
        super(ClientWorkload.class, "Client Workload", AuditTrail::json);
    }

    /** {@code clientIds} null counts as none. */
    public ClientWorkload create(String name, String description, List<String> redirectUris, List<String> clientIds,
            Boolean active) {
        return created(() -> {
            Input input = input(null, name, description, redirectUris, clientIds);
            return new ClientWorkload(input.name, input.description, input.redirectUris, input.clientIds,
                    ConfigurationChanges.activeOrDefault(active));
        });
    }

    /** {@code clientIds} null keeps the workload's client IDs, so a caller that does not know them loses none. */
    public ClientWorkload update(long id, Integer version, String name, String description, List<String> redirectUris,
            List<String> clientIds, Boolean active) {
        return changed("update", id, version, workload -> {
            Input input = input(workload.getId(), name, description, redirectUris,
                    clientIds == null ? workload.getClientIds() : clientIds);
            workload.change(input.name, input.description, input.redirectUris, input.clientIds,
                    ConfigurationChanges.required(active));
            return workload;
        });
    }

    @Override
    void refuseDeleting(ClientWorkload workload) {
        AccessPolicyService.refuseIfUsed(kind(), workload.getName(), em.createQuery(
                "select p from AccessPolicy p where p.clientWorkload = :w order by p.name", AccessPolicy.class)
                .setParameter("w", workload).getResultList());
    }

    private record Input(String name, String description, List<String> redirectUris, List<String> clientIds) {
    }

    private Input input(Long self, String name, String description, List<String> redirectUris,
            List<String> clientIds) {
        String cleanName = ConfigurationChanges.name(name);
        String cleanDescription = ConfigurationChanges.description(description);
        Identifiers identifiers = identifiers(redirectUris, clientIds);
        List<String> uris = identifiers.redirectUris();
        List<String> ids = identifiers.clientIds();
        Map<String, Integer> keys = new HashMap<>();
        for (int i = 0; i < uris.size(); i++) {
            keys.put(RedirectUris.conflictKey(uris.get(i)), i);
        }
        Map<String, Integer> idIndex = new HashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            idIndex.put(ids.get(i), i);
        }
        for (ClientWorkload other : all()) {
            if (Objects.equals(other.getId(), self)) {
                continue;
            }
            ConfigurationChanges.uniqueName(kind(), cleanName, other);
            for (String registered : other.getRedirectUris()) {
                Integer index = keys.get(RedirectUris.conflictKey(registered));
                if (index != null) {
                    String uri = uris.get(index);
                    throw ConfigurationRejected.conflict("redirectUris[" + index + "]", uri.equals(registered)
                            ? "Redirect URI " + uri + " is already registered for Client Workload '" + other.getName()
                                    + "'; a redirect URI belongs to one workload only."
                            : "Redirect URI " + uri + " conflicts with " + registered + " of Client Workload '"
                                    + other.getName() + "' (loopback URIs differ only by port).");
                }
            }
            for (String registered : other.getClientIds()) {
                Integer index = idIndex.get(registered);
                if (index != null) {
                    throw ConfigurationRejected.conflict("clientIds[" + index + "]", "Client ID " + registered
                            + " is already registered for Client Workload '" + other.getName()
                            + "'; a client ID belongs to one workload only.");
                }
            }
        }
        return new Input(cleanName, cleanDescription, uris, ids);
    }

    /** A workload's redirect URIs and client IDs as stored; at least one of the two lists is not empty. */
    public record Identifiers(List<String> redirectUris, List<String> clientIds) {
    }

    /**
     * The redirect URIs and client IDs as stored (stripped, blank lines dropped), each valid and none repeated; null
     * counts as none, but one of the two must name something.
     */
    public static Identifiers identifiers(List<String> redirectUris, List<String> clientIds) {
        boolean noUris = redirectUris == null || redirectUris.stream().allMatch(u -> u == null || u.isBlank());
        boolean noIds = clientIds == null || clientIds.stream().allMatch(c -> c == null || c.isBlank());
        if (noUris && noIds) {
            throw ConfigurationRejected.invalid("redirectUris", ConfigurationChanges.REDIRECT_URIS_REQUIRED);
        }
        return new Identifiers(noUris ? List.of() : redirectUris(redirectUris),
                noIds ? List.of() : clientIds(clientIds));
    }

    /** The redirect URIs as stored (stripped), each valid and none conflicting with another of the same list. */
    public static List<String> redirectUris(List<String> redirectUris) {
        if (redirectUris == null || redirectUris.stream().allMatch(u -> u == null || u.isBlank())) {
            throw ConfigurationRejected.invalid("redirectUris", ConfigurationChanges.REDIRECT_URIS_REQUIRED);
        }
        Map<String, String> byConflictKey = new HashMap<>();
        return stripped(redirectUris, "redirectUris", "Redirect URI", (field, i, uri) -> {
            Optional<String> problem = RedirectUris.problem(uri);
            if (problem.isPresent()) {
                throw ConfigurationRejected.invalid(field, "Redirect URI " + uri + " is not valid: " + problem.get()
                        + ".");
            }
            String earlier = byConflictKey.putIfAbsent(RedirectUris.conflictKey(uri), uri);
            if (earlier != null) {
                throw ConfigurationRejected.invalid(field, "Redirect URI " + uri + " repeats " + earlier
                        + (uri.equals(earlier) ? "." : " (loopback URIs differ only by port)."));
            }
        });
    }

    /**
     * The client IDs as stored (stripped), each printable ASCII as RFC 6749 (appendix A.1) allows and none repeated.
     * They are compared as exact strings, so no other form is imposed: a Client ID Metadata Document URL that an
     * authorization server would refuse can still be registered, and its requests carry a Warning that says why.
     */
    public static List<String> clientIds(List<String> clientIds) {
        Set<String> seen = new HashSet<>();
        return stripped(clientIds, "clientIds", "Client ID", (field, i, id) -> {
            if (!id.chars().allMatch(c -> c >= 0x20 && c <= 0x7e)) {
                throw ConfigurationRejected.invalid(field, "Client ID " + (i + 1) + " has a character outside "
                        + "printable ASCII, which a client_id cannot hold (RFC 6749, appendix A.1).");
            }
            if (!seen.add(id)) {
                throw ConfigurationRejected.invalid(field, "Client ID " + id + " is listed twice.");
            }
        });
    }

    private interface ItemRule {
        void check(String field, int index, String item);
    }

    /** Each item stripped, neither empty nor longer than URI_MAX, then held to {@code rule}, item by item. */
    private static List<String> stripped(List<String> items, String member, String noun, ItemRule rule) {
        List<String> stripped = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            String field = member + "[" + i + "]";
            String item = items.get(i) == null ? "" : items.get(i).strip();
            if (item.isEmpty()) {
                throw ConfigurationRejected.invalid(field, noun + " " + (i + 1) + " is empty.");
            }
            if (item.length() > ConfigurationChanges.URI_MAX) {
                throw ConfigurationRejected.invalid(field, noun + " " + (i + 1) + " is longer than "
                        + ConfigurationChanges.URI_MAX + " characters.");
            }
            rule.check(field, i, item);
            stripped.add(item);
        }
        return List.copyOf(stripped);
    }
}
