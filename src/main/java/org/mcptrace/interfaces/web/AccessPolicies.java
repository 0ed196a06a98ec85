package org.mcptrace.interfaces.web;

import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.mcptrace.application.Configuration;
import org.mcptrace.application.ConfigurationRejected;
import org.mcptrace.domain.configuration.AccessPolicy;

/** The Access Policies screen: the table, its inline active toggle, the editor (workloads picked by name), deletion. */
@Named
@ViewScoped
public class AccessPolicies implements Serializable {

    private static final long serialVersionUID = 1L;

    private static final Map<String, String> INPUTS = Map.of("name", "editorForm:name",
            "clientWorkloadId", "editorForm:clientWorkload", "serverWorkloadId", "editorForm:serverWorkload",
            "active", "editorForm:active");

    @Inject
    Configuration configuration;

    private List<AccessPolicyRow> rows;
    private List<AccessPolicyRow> filtered;
    private List<WorkloadOption> clientOptions;
    private List<WorkloadOption> serverOptions;

    private Long id;
    private Integer version;
    @NotBlank(message = Configuration.NAME_REQUIRED)
    @Size(max = Configuration.NAME_MAX, message = Configuration.NAME_TOO_LONG)
    private String name;
    @NotNull(message = Configuration.CLIENT_WORKLOAD_REQUIRED)
    private Long clientWorkloadId;
    @NotNull(message = Configuration.SERVER_WORKLOAD_REQUIRED)
    private Long serverWorkloadId;
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
            clientWorkloadId = prefill.getClientWorkloadId();
            serverWorkloadId = prefill.getServerWorkloadId();
            String client = nameOf(clientOptions, clientWorkloadId);
            String server = nameOf(serverOptions, serverWorkloadId);
            if (client != null && server != null) {
                name = client + " to " + server;
            }
        } else {
            edit(prefill.getEdit());
            if (prefill.isActivate()) {
                active = true;
            }
        }
    }

    @PostConstruct
    void load() {
        rows = configuration.accessPolicies().stream().map(AccessPolicyRow::new).toList();
        filtered = null;
        clientOptions = configuration.clientWorkloads().stream()
                .map(c -> new WorkloadOption(c.getId(), c.getName(), c.isActive())).toList();
        serverOptions = configuration.serverWorkloads().stream()
                .map(s -> new WorkloadOption(s.getId(), s.getName(), s.isActive())).toList();
    }

    public void startNew() {
        load();
        id = null;
        version = null;
        name = null;
        clientWorkloadId = null;
        serverWorkloadId = null;
        active = true;
    }

    public void edit(long policyId) {
        load();
        try {
            AccessPolicy policy = configuration.accessPolicy(policyId);
            id = policy.getId();
            version = policy.getVersion();
            name = policy.getName();
            clientWorkloadId = policy.getClientWorkload().getId();
            serverWorkloadId = policy.getServerWorkload().getId();
            active = policy.isActive();
        } catch (ConfigurationRejected e) {
            Rejections.error(e);
        }
    }

    public void save() {
        try {
            AccessPolicy saved = id == null
                    ? configuration.createAccessPolicy(name, clientWorkloadId, serverWorkloadId, active)
                    : configuration.updateAccessPolicy(id, version, name, clientWorkloadId, serverWorkloadId, active);
            load();
            Rejections.saved("Access Policy '" + saved.getName() + "' saved.");
        } catch (ConfigurationRejected e) {
            Rejections.show(e, INPUTS);
        }
    }

    public void toggle(AccessPolicyRow row) {
        try {
            AccessPolicy saved = configuration.setAccessPolicyActive(row.getId(), row.getVersion(), row.isActive());
            Rejections.info("Access Policy '" + saved.getName() + "' " + (saved.isActive() ? "activated." : "deactivated."));
        } catch (ConfigurationRejected e) {
            Rejections.error(e);
        }
        load();
    }

    public void delete(AccessPolicyRow row) {
        try {
            configuration.deleteAccessPolicy(row.getId());
            Rejections.info("Access Policy '" + row.getName() + "' deleted.");
        } catch (ConfigurationRejected e) {
            Rejections.error(e);
        }
        load();
    }

    private static String nameOf(List<WorkloadOption> options, Long id) {
        return id == null ? null : options.stream().filter(o -> o.getId() == id).map(WorkloadOption::getName)
                .findFirst().orElse(null);
    }

    public String getEditorTitle() {
        return id == null ? "New Access Policy" : "Edit Access Policy";
    }

    public List<AccessPolicyRow> getRows() {
        return rows;
    }

    public List<AccessPolicyRow> getFiltered() {
        return filtered;
    }

    public void setFiltered(List<AccessPolicyRow> filtered) {
        this.filtered = filtered;
    }

    public List<WorkloadOption> getClientOptions() {
        return clientOptions;
    }

    public List<WorkloadOption> getServerOptions() {
        return serverOptions;
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

    public Long getClientWorkloadId() {
        return clientWorkloadId;
    }

    public void setClientWorkloadId(Long clientWorkloadId) {
        this.clientWorkloadId = clientWorkloadId;
    }

    public Long getServerWorkloadId() {
        return serverWorkloadId;
    }

    public void setServerWorkloadId(Long serverWorkloadId) {
        this.serverWorkloadId = serverWorkloadId;
    }

    public boolean isActive() {
        return active;
    }

    public void setActive(boolean active) {
        this.active = active;
    }
}
