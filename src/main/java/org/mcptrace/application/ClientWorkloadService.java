package org.mcptrace.application;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.mcptrace.domain.configuration.AccessPolicy;
import org.mcptrace.domain.configuration.ClientWorkload;
import org.mcptrace.domain.resolution.RedirectUris;

/** Client Workloads for the REST API and the screens alike: a redirect URI belongs to one workload only. */
@ApplicationScoped
public class ClientWorkloadService extends ConfigurationService<ClientWorkload> {

    public ClientWorkloadService() {
        super(ClientWorkload.class, "Client Workload", AuditTrail::json);
    }

    public ClientWorkload create(String name, String description, List<String> redirectUris, Boolean active) {
        return created(() -> {
            Input input = input(null, name, description, redirectUris);
            return new ClientWorkload(input.name, input.description, input.redirectUris,
                    ConfigurationChanges.activeOrDefault(active));
        });
    }

    public ClientWorkload update(long id, Integer version, String name, String description, List<String> redirectUris,
            Boolean active) {
        return changed("update", id, version, workload -> {
            Input input = input(workload.getId(), name, description, redirectUris);
            workload.change(input.name, input.description, input.redirectUris, ConfigurationChanges.required(active));
            return workload;
        });
    }

    @Override
    void refuseDeleting(ClientWorkload workload) {
        AccessPolicyService.refuseIfUsed(kind(), workload.getName(), em.createQuery(
                "select p from AccessPolicy p where p.clientWorkload = :w order by p.name", AccessPolicy.class)
                .setParameter("w", workload).getResultList());
    }

    private record Input(String name, String description, List<String> redirectUris) {
    }

    private Input input(Long self, String name, String description, List<String> redirectUris) {
        String cleanName = ConfigurationChanges.name(name);
        String cleanDescription = ConfigurationChanges.description(description);
        List<String> uris = redirectUris(redirectUris);
        Map<String, Integer> keys = new HashMap<>();
        for (int i = 0; i < uris.size(); i++) {
            keys.put(RedirectUris.conflictKey(uris.get(i)), i);
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
        }
        return new Input(cleanName, cleanDescription, uris);
    }

    /** The redirect URIs as stored (stripped), each valid and none conflicting with another of the same list. */
    public static List<String> redirectUris(List<String> redirectUris) {
        if (redirectUris == null || redirectUris.stream().allMatch(u -> u == null || u.isBlank())) {
            throw ConfigurationRejected.invalid("redirectUris", ConfigurationChanges.REDIRECT_URIS_REQUIRED);
        }
        List<String> uris = new ArrayList<>();
        Map<String, Integer> keys = new HashMap<>();
        for (int i = 0; i < redirectUris.size(); i++) {
            String field = "redirectUris[" + i + "]";
            String uri = redirectUris.get(i) == null ? "" : redirectUris.get(i).strip();
            if (uri.isEmpty()) {
                throw ConfigurationRejected.invalid(field, "Redirect URI " + (i + 1) + " is empty.");
            }
            if (uri.length() > ConfigurationChanges.URI_MAX) {
                throw ConfigurationRejected.invalid(field, "Redirect URI " + (i + 1) + " is longer than "
                        + ConfigurationChanges.URI_MAX + " characters.");
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
}
