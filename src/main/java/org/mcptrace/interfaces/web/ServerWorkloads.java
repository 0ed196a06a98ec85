package org.mcptrace.interfaces.web;

import jakarta.faces.component.UIComponent;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.Map;
import org.mcptrace.application.ConfigurationChanges;
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

    @Size(max = ConfigurationChanges.DESCRIPTION_MAX, message = ConfigurationChanges.DESCRIPTION_TOO_LONG)
    private String description;
    @NotBlank(message = ConfigurationChanges.RESOURCE_URL_REQUIRED)
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

    /** Faces validation: the resource URL's own rules, checked with the other inputs' (required, length). */
    public void checkResourceUrl(FacesContext context, UIComponent input, Object value) {
        if (value instanceof String text && !text.isBlank()) {
            Messages.check(() -> ServerWorkloadService.resourceUrl(text));
        }
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
