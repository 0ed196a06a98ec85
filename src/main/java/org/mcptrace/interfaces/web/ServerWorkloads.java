package org.mcptrace.interfaces.web;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.Map;
import org.mcptrace.application.ConfigurationService;
import org.mcptrace.application.ServerWorkloadService;
import org.mcptrace.domain.configuration.ServerWorkload;

/** The Server Workloads screen: the table, its inline active toggle, the editor dialog and deletion. */
@Named
@ViewScoped
public class ServerWorkloads extends ConfigurationScreen<ServerWorkload> {

    private static final long serialVersionUID = 1L;

    @Inject
    ServerWorkloadService service;

    private String description;
    private String resourceUrl;

    public ServerWorkloads() {
        super("Server Workload", Map.of("name", "editorForm:name", "description", "editorForm:description",
                "resourceUrl", "editorForm:resourceUrl", "active", "editorForm:active"));
    }

    @Override
    ConfigurationService<ServerWorkload> service() {
        return service;
    }

    @Override
    void prefilled() {
        Prefill prefill = getPrefill();
        if (prefill.isCreate()) {
            startNew();
            resourceUrl = prefill.getResourceUrl();
        } else {
            edit(prefill.getEdit());
            if (prefill.getResourceUrl() != null && !prefill.getResourceUrl().isBlank()) {
                resourceUrl = prefill.getResourceUrl();
            }
            if (prefill.isActivate()) {
                setActive(true);
            }
        }
    }

    @Override
    void clear() {
        description = null;
        resourceUrl = null;
    }

    @Override
    void fill(ServerWorkload workload) {
        description = workload.getDescription();
        resourceUrl = workload.getResourceUrl();
    }

    @Override
    ServerWorkload create(String name, boolean active) {
        return service.create(name, description, resourceUrl, active);
    }

    @Override
    ServerWorkload update(long id, Integer version, String name, boolean active) {
        return service.update(id, version, name, description, resourceUrl, active);
    }

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = description;
    }

    public String getResourceUrl() {
        return resourceUrl;
    }

    public void setResourceUrl(String resourceUrl) {
        this.resourceUrl = resourceUrl;
    }
}
