package org.mcptrace.interfaces.web;

import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.mcptrace.application.ServerWorkloadService;
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
    ServerWorkloadService service;

    private List<ServerWorkloadRow> rows;
    private List<ServerWorkloadRow> filtered;

    private Long id;
    private Integer version;
    private String name;
    private String description;
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
        rows = service.all().stream().map(ServerWorkloadRow::new).toList();
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
            ServerWorkload workload = service.get(workloadId);
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

    public void save() {
        try {
            ServerWorkload saved = id == null
                    ? service.create(name, description, resourceUrl, active)
                    : service.update(id, version, name, description, resourceUrl, active);
            load();
            Rejections.saved("Server Workload '" + saved.getName() + "' saved.");
        } catch (ConfigurationRejected e) {
            Rejections.show(e, INPUTS);
        }
    }

    public void toggle(ServerWorkloadRow row) {
        try {
            ServerWorkload saved = service.setActive(row.getId(), row.getVersion(), row.isActive());
            Rejections.info("Server Workload '" + saved.getName() + "' " + (saved.isActive() ? "activated." : "deactivated."));
        } catch (ConfigurationRejected e) {
            Rejections.error(e);
        }
        load();
    }

    public void delete(ServerWorkloadRow row) {
        try {
            service.delete(row.getId());
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
