package org.mcptrace.application;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.mcptrace.domain.configuration.AccessPolicy;
import org.mcptrace.domain.configuration.ServerWorkload;
import org.mcptrace.domain.resolution.ResourceUrls;

/** Server Workloads for the REST API and the screens alike: one workload per canonical resource URL. */
@ApplicationScoped
public class ServerWorkloadService extends ConfigurationService<ServerWorkload> {

    public ServerWorkloadService() {
        super(ServerWorkload.class, "Server Workload", AuditTrail::json);
    }

    public ServerWorkload create(String name, String description, String resourceUrl, Boolean active) {
        return created(() -> {
            Input input = input(null, name, description, resourceUrl);
            return new ServerWorkload(input.name, input.description, input.resourceUrl,
                    ConfigurationChanges.activeOrDefault(active));
        });
    }

    public ServerWorkload update(long id, Integer version, String name, String description, String resourceUrl,
            Boolean active) {
        return changed("update", id, version, workload -> {
            Input input = input(workload.getId(), name, description, resourceUrl);
            workload.change(input.name, input.description, input.resourceUrl, ConfigurationChanges.required(active));
            return workload;
        });
    }

    @Override
    void refuseDeleting(ServerWorkload workload) {
        AccessPolicyService.refuseIfUsed(kind(), workload.getName(), em.createQuery(
                "select p from AccessPolicy p where p.serverWorkload = :w order by p.name", AccessPolicy.class)
                .setParameter("w", workload).getResultList());
    }

    private record Input(String name, String description, String resourceUrl) {
    }

    private Input input(Long self, String name, String description, String resourceUrl) {
        String cleanName = ConfigurationChanges.name(name);
        String cleanDescription = ConfigurationChanges.description(description);
        String url = resourceUrl(resourceUrl);
        String canonical = ResourceUrls.canonical(url);
        for (ServerWorkload other : all()) {
            if (Objects.equals(other.getId(), self)) {
                continue;
            }
            ConfigurationChanges.uniqueName(kind(), cleanName, other);
            if (canonical.equals(ResourceUrls.canonical(other.getResourceUrl()))) {
                throw ConfigurationRejected.conflict("resourceUrl", url.equals(other.getResourceUrl())
                        ? "Resource URL " + url + " is already the resource URL of Server Workload '"
                                + other.getName() + "'."
                        : "Resource URL " + url + " conflicts with " + other.getResourceUrl() + " of Server Workload '"
                                + other.getName() + "' (equal after canonicalisation: " + canonical + ").");
            }
        }
        return new Input(cleanName, cleanDescription, url);
    }

    /** The resource URL as stored (stripped), if valid. */
    public static String resourceUrl(String resourceUrl) {
        String url = resourceUrl == null ? "" : resourceUrl.strip();
        if (url.isEmpty()) {
            throw ConfigurationRejected.invalid("resourceUrl", ConfigurationChanges.RESOURCE_URL_REQUIRED);
        }
        if (url.length() > ConfigurationChanges.URI_MAX) {
            throw ConfigurationRejected.invalid("resourceUrl", "The resource URL is longer than "
                    + ConfigurationChanges.URI_MAX + " characters.");
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
}
