package org.mcptrace.interfaces.web;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import java.util.Map;
import org.mcptrace.application.AccessPolicyService;
import org.mcptrace.application.ClientWorkloadService;
import org.mcptrace.application.ConfigurationChanges;
import org.mcptrace.application.ConfigurationService;
import org.mcptrace.application.ServerWorkloadService;
import org.mcptrace.domain.configuration.AccessPolicy;

/** The Access Policies screen: the table, its inline active toggle, the editor dialog and deletion. */
@Named
@ViewScoped
public class AccessPolicies extends ConfigurationScreen<AccessPolicy> {

    private static final long serialVersionUID = 1L;

    @Inject
    AccessPolicyService service;

    @Inject
    ClientWorkloadService clientWorkloads;

    @Inject
    ServerWorkloadService serverWorkloads;

    private List<WorkloadOption> clientOptions;
    private List<WorkloadOption> serverOptions;

    @NotNull(message = ConfigurationChanges.CLIENT_WORKLOAD_REQUIRED)
    private Long clientWorkloadId;
    @NotNull(message = ConfigurationChanges.SERVER_WORKLOAD_REQUIRED)
    private Long serverWorkloadId;

    public AccessPolicies() {
        super(Map.of("clientWorkloadId", "clientWorkload", "serverWorkloadId", "serverWorkload"));
    }

    @Override
    ConfigurationService<AccessPolicy> service() {
        return service;
    }

    @Override
    void load() {
        super.load();
        clientOptions = clientWorkloads.all().stream()
                .map(c -> new WorkloadOption(c.getId(), c.getName(), c.isActive())).toList();
        serverOptions = serverWorkloads.all().stream()
                .map(s -> new WorkloadOption(s.getId(), s.getName(), s.isActive())).toList();
    }

    @Override
    void prefillNew(Prefill prefill) {
        clientWorkloadId = prefill.getClientWorkloadId();
        serverWorkloadId = prefill.getServerWorkloadId();
        String client = nameOf(clientOptions, clientWorkloadId);
        String server = nameOf(serverOptions, serverWorkloadId);
        if (client != null && server != null) {
            setName(client + " to " + server);
        }
    }

    // the workload choices may have changed since the screen was opened
    @Override
    public void startNew() {
        load();
        super.startNew();
    }

    @Override
    public void edit(long policyId) {
        load();
        super.edit(policyId);
    }

    @Override
    void clear() {
        clientWorkloadId = null;
        serverWorkloadId = null;
    }

    @Override
    void fill(AccessPolicy policy) {
        clientWorkloadId = policy.getClientWorkload().getId();
        serverWorkloadId = policy.getServerWorkload().getId();
    }

    @Override
    AccessPolicy create(String name, boolean active) {
        return service.create(name, clientWorkloadId, serverWorkloadId, active);
    }

    @Override
    AccessPolicy update(long id, Integer version, String name, boolean active) {
        return service.update(id, version, name, clientWorkloadId, serverWorkloadId, active);
    }

    private static String nameOf(List<WorkloadOption> options, Long id) {
        return id == null ? null : options.stream().filter(o -> o.getId() == id).map(WorkloadOption::getName)
                .findFirst().orElse(null);
    }

    public List<WorkloadOption> getClientOptions() {
        return clientOptions;
    }

    public List<WorkloadOption> getServerOptions() {
        return serverOptions;
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
}
