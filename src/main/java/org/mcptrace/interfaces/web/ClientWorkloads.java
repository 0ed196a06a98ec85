package org.mcptrace.interfaces.web;

import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.mcptrace.application.ClientWorkloadService;
import org.mcptrace.application.ConfigurationRejected;
import org.mcptrace.domain.configuration.ClientWorkload;

/** The Client Workloads screen: the table, its inline active toggle, the editor dialog and deletion. */
@Named
@ViewScoped
public class ClientWorkloads implements Serializable {

    private static final long serialVersionUID = 1L;

    private static final Map<String, String> INPUTS = Map.of("name", "editorForm:name",
            "description", "editorForm:description", "redirectUris", "editorForm:redirectUris",
            "active", "editorForm:active");

    @Inject
    ClientWorkloadService service;

    private List<ClientWorkloadRow> rows;
    private List<ClientWorkloadRow> filtered;

    // the editor's state; id == null means a new workload
    private Long id;
    private Integer version;
    private String name;
    private String description;
    private String redirectUris;
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
            redirectUris = prefill.getRedirectUri();
        } else {
            edit(prefill.getEdit());
            String added = prefill.getAddRedirectUri();
            if (added != null && !added.isBlank() && (redirectUris == null || !redirectUris.lines().toList().contains(added))) {
                redirectUris = redirectUris == null || redirectUris.isBlank() ? added : redirectUris + "\n" + added;
            }
            if (prefill.isActivate()) {
                active = true;
            }
        }
    }

    @PostConstruct
    void load() {
        rows = service.all().stream().map(ClientWorkloadRow::new).toList();
        filtered = null;
    }

    public void startNew() {
        id = null;
        version = null;
        name = null;
        description = null;
        redirectUris = null;
        active = true;
    }

    public void edit(long workloadId) {
        try {
            ClientWorkload workload = service.get(workloadId);
            id = workload.getId();
            version = workload.getVersion();
            name = workload.getName();
            description = workload.getDescription();
            redirectUris = String.join("\n", workload.getRedirectUris());
            active = workload.isActive();
        } catch (ConfigurationRejected e) {
            Rejections.error(e);
            load();
        }
    }

    public void save() {
        List<String> uris = redirectUris == null ? List.of()
                : Arrays.stream(redirectUris.split("\\R")).filter(line -> !line.isBlank()).toList();
        try {
            ClientWorkload saved = id == null
                    ? service.create(name, description, uris, active)
                    : service.update(id, version, name, description, uris, active);
            load();
            Rejections.saved("Client Workload '" + saved.getName() + "' saved.");
        } catch (ConfigurationRejected e) {
            Rejections.show(e, INPUTS);
        }
    }

    public void toggle(ClientWorkloadRow row) {
        try {
            ClientWorkload saved = service.setActive(row.getId(), row.getVersion(), row.isActive());
            Rejections.info("Client Workload '" + saved.getName() + "' " + (saved.isActive() ? "activated." : "deactivated."));
        } catch (ConfigurationRejected e) {
            Rejections.error(e);
        }
        load();
    }

    public void delete(ClientWorkloadRow row) {
        try {
            service.delete(row.getId());
            Rejections.info("Client Workload '" + row.getName() + "' deleted.");
        } catch (ConfigurationRejected e) {
            Rejections.error(e);
        }
        load();
    }

    public String getEditorTitle() {
        return id == null ? "New Client Workload" : "Edit Client Workload";
    }

    public List<ClientWorkloadRow> getRows() {
        return rows;
    }

    public List<ClientWorkloadRow> getFiltered() {
        return filtered;
    }

    public void setFiltered(List<ClientWorkloadRow> filtered) {
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

    public String getRedirectUris() {
        return redirectUris;
    }

    public void setRedirectUris(String redirectUris) {
        this.redirectUris = redirectUris;
    }

    public boolean isActive() {
        return active;
    }

    public void setActive(boolean active) {
        this.active = active;
    }
}
