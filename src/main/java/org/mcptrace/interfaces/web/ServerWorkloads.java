package org.mcptrace.interfaces.web;

import jakarta.annotation.PostConstruct;
import jakarta.faces.component.UIComponent;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.mcptrace.application.Configuration;
import org.mcptrace.application.ConfigurationRejected;
import org.mcptrace.domain.configuration.ServerWorkload;

/** The Server Workloads screen: the table, its inline active toggle, the editor dialog and deletion. */
@Named
@ViewScoped
public class ServerWorkloads implements Serializable {

    private static final long serialVersionUID = 1L;

    private static final Map<String, String> INPUTS = Map.of("name", "editorForm:name",
            "description", "editorForm:description", "resourceUrl", "editorForm:resourceUrl",
            "active", "editorForm:active");

    @Inject
    Configuration configuration;

    private List<ServerWorkloadRow> rows;
    private List<ServerWorkloadRow> filtered;

    private Long id;
    private Integer version;
    @NotBlank(message = Configuration.NAME_REQUIRED)
    @Size(max = Configuration.NAME_MAX, message = Configuration.NAME_TOO_LONG)
    private String name;
    @Size(max = Configuration.DESCRIPTION_MAX, message = Configuration.DESCRIPTION_TOO_LONG)
    private String description;
    @NotBlank(message = Configuration.RESOURCE_URL_REQUIRED)
    private String resourceUrl;
    private boolean active = true;

    private final Prefill prefill = new Prefill();

    public Prefill getPrefill() {
        return prefill;
    }

    public void applyPrefill() {
        prefill.apply(this::prefilled);
    }

    private void prefilled() {
        if (prefill.isCreate()) {
            startNew();
            resourceUrl = prefill.getResourceUrl();
        } else {
            edit(prefill.getEdit());
            if (prefill.getResourceUrl() != null && !prefill.getResourceUrl().isBlank()) {
                resourceUrl = prefill.getResourceUrl();
            }
            if (prefill.isActivate()) {
                active = true;
            }
        }
    }

    @PostConstruct
    void load() {
        rows = configuration.serverWorkloads().stream().map(ServerWorkloadRow::new).toList();
        filtered = null;
    }

    public void startNew() {
        id = null;
        version = null;
        name = null;
        description = null;
        resourceUrl = null;
        active = true;
    }

    public void edit(long workloadId) {
        try {
            ServerWorkload workload = configuration.serverWorkload(workloadId);
            id = workload.getId();
            version = workload.getVersion();
            name = workload.getName();
            description = workload.getDescription();
            resourceUrl = workload.getResourceUrl();
            active = workload.isActive();
        } catch (ConfigurationRejected e) {
            Rejections.error(e);
            load();
        }
    }

    /** Faces validation: the resource URL's own rules, checked with the other inputs' (required, length). */
    public void checkResourceUrl(FacesContext context, UIComponent input, Object value) {
        if (value instanceof String text && !text.isBlank()) {
            Rejections.check(() -> Configuration.resourceUrl(text));
        }
    }

    public void save() {
        try {
            ServerWorkload saved = id == null
                    ? configuration.createServerWorkload(name, description, resourceUrl, active)
                    : configuration.updateServerWorkload(id, version, name, description, resourceUrl, active);
            load();
            Rejections.saved("Server Workload '" + saved.getName() + "' saved.");
        } catch (ConfigurationRejected e) {
            Rejections.show(e, INPUTS);
        }
    }

    public void toggle(ServerWorkloadRow row) {
        try {
            ServerWorkload saved = configuration.setServerWorkloadActive(row.getId(), row.getVersion(), row.isActive());
            Rejections.info("Server Workload '" + saved.getName() + "' " + (saved.isActive() ? "activated." : "deactivated."));
        } catch (ConfigurationRejected e) {
            Rejections.error(e);
        }
        load();
    }

    public void delete(ServerWorkloadRow row) {
        try {
            configuration.deleteServerWorkload(row.getId());
            Rejections.info("Server Workload '" + row.getName() + "' deleted.");
        } catch (ConfigurationRejected e) {
            Rejections.error(e);
        }
        load();
    }

    public String getEditorTitle() {
        return id == null ? "New Server Workload" : "Edit Server Workload";
    }

    public List<ServerWorkloadRow> getRows() {
        return rows;
    }

    public List<ServerWorkloadRow> getFiltered() {
        return filtered;
    }

    public void setFiltered(List<ServerWorkloadRow> filtered) {
        this.filtered = filtered;
    }

    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
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

    public boolean isActive() {
        return active;
    }

    public void setActive(boolean active) {
        this.active = active;
    }
}
