package org.mcptrace.interfaces.web;

import jakarta.faces.component.UIComponent;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.validation.constraints.NotBlank;
import org.mcptrace.application.ConfigurationChanges;
import org.mcptrace.application.ConfigurationService;
import org.mcptrace.application.ServerWorkloadService;
import org.mcptrace.domain.configuration.ServerWorkload;

/** The Server Workloads screen: the table, its inline active toggle, the editor dialog and deletion. */
@Named
@ViewScoped
public class ServerWorkloads extends WorkloadScreen<ServerWorkload> {

    private static final long serialVersionUID = 1L;

    @Inject
    ServerWorkloadService service;

    @NotBlank(message = ConfigurationChanges.RESOURCE_URL_REQUIRED)
    private String resourceUrl;

    @Override
    ConfigurationService<ServerWorkload> service() {
        return service;
    }

    @Override
    void prefillNew(Prefill prefill) {
        resourceUrl = prefill.getResourceUrl();
    }

    @Override
    void prefillEdit(Prefill prefill) {
        if (prefill.getResourceUrl() != null && !prefill.getResourceUrl().isBlank()) {
            resourceUrl = prefill.getResourceUrl();
        }
    }

    @Override
    void clear() {
        super.clear();
        resourceUrl = null;
    }

    @Override
    void fill(ServerWorkload workload) {
        super.fill(workload);
        resourceUrl = workload.getResourceUrl();
    }

    @Override
    ServerWorkload create(String name, boolean active) {
        return service.create(name, getDescription(), resourceUrl, active);
    }

    @Override
    ServerWorkload update(long id, Integer version, String name, boolean active) {
        return service.update(id, version, name, getDescription(), resourceUrl, active);
    }

    /** Faces validation: the resource URL's own rules, checked with the other inputs' (required, length). */
    public void checkResourceUrl(FacesContext context, UIComponent input, Object value) {
        if (value instanceof String text && !text.isBlank()) {
            Messages.check(() -> ServerWorkloadService.resourceUrl(text));
        }
    }

    public String getResourceUrl() {
        return resourceUrl;
    }

    public void setResourceUrl(String resourceUrl) {
        this.resourceUrl = resourceUrl;
    }
}
