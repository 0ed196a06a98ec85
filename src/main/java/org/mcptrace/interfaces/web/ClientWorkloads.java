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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.mcptrace.application.Configuration;
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
    Configuration configuration;

    private List<ClientWorkloadRow> rows;
    private List<ClientWorkloadRow> filtered;

    // the editor's state; id == null means a new workload
    private Long id;
    private Integer version;
    @NotBlank(message = Configuration.NAME_REQUIRED)
    @Size(max = Configuration.NAME_MAX, message = Configuration.NAME_TOO_LONG)
    private String name;
    @Size(max = Configuration.DESCRIPTION_MAX, message = Configuration.DESCRIPTION_TOO_LONG)
    private String description;
    @NotBlank(message = Configuration.REDIRECT_URIS_REQUIRED)
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
        rows = configuration.clientWorkloads().stream().map(ClientWorkloadRow::new).toList();
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
            ClientWorkload workload = configuration.clientWorkload(workloadId);
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

    /** Faces validation: the redirect URIs' own rules, checked with the other inputs' (required, length). */
    public void checkRedirectUris(FacesContext context, UIComponent input, Object value) {
        if (value instanceof String text && !text.isBlank()) {
            Rejections.check(() -> Configuration.redirectUris(lines(text)));
        }
    }

    private static List<String> lines(String text) {
        return text == null ? List.of() : Arrays.stream(text.split("\\R")).filter(line -> !line.isBlank()).toList();
    }

    public void save() {
        List<String> uris = lines(redirectUris);
        try {
            ClientWorkload saved = id == null
                    ? configuration.createClientWorkload(name, description, uris, active)
                    : configuration.updateClientWorkload(id, version, name, description, uris, active);
            load();
            Rejections.saved("Client Workload '" + saved.getName() + "' saved.");
        } catch (ConfigurationRejected e) {
            Rejections.show(e, INPUTS);
        }
    }

    public void toggle(ClientWorkloadRow row) {
        try {
            ClientWorkload saved = configuration.setClientWorkloadActive(row.getId(), row.getVersion(), row.isActive());
            Rejections.info("Client Workload '" + saved.getName() + "' " + (saved.isActive() ? "activated." : "deactivated."));
        } catch (ConfigurationRejected e) {
            Rejections.error(e);
        }
        load();
    }

    public void delete(ClientWorkloadRow row) {
        try {
            configuration.deleteClientWorkload(row.getId());
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
