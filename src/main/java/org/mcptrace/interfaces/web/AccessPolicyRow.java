package org.mcptrace.interfaces.web;

import java.io.Serializable;
import org.mcptrace.domain.configuration.AccessPolicy;

/** One table row; a plain bean because Jakarta EL cannot read records. */
public class AccessPolicyRow implements Serializable {

    private static final long serialVersionUID = 1L;

    private final long id;
    private final String name;
    private final long clientWorkloadId;
    private final String clientWorkloadName;
    private final boolean clientWorkloadActive;
    private final long serverWorkloadId;
    private final String serverWorkloadName;
    private final boolean serverWorkloadActive;
    private final int version;
    private boolean active;

    AccessPolicyRow(AccessPolicy policy) {
        id = policy.getId();
        name = policy.getName();
        clientWorkloadId = policy.getClientWorkload().getId();
        clientWorkloadName = policy.getClientWorkload().getName();
        clientWorkloadActive = policy.getClientWorkload().isActive();
        serverWorkloadId = policy.getServerWorkload().getId();
        serverWorkloadName = policy.getServerWorkload().getName();
        serverWorkloadActive = policy.getServerWorkload().isActive();
        version = policy.getVersion();
        active = policy.isActive();
    }

    public long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public long getClientWorkloadId() {
        return clientWorkloadId;
    }

    public String getClientWorkloadName() {
        return clientWorkloadName;
    }

    public boolean isClientWorkloadActive() {
        return clientWorkloadActive;
    }

    public long getServerWorkloadId() {
        return serverWorkloadId;
    }

    public String getServerWorkloadName() {
        return serverWorkloadName;
    }

    public boolean isServerWorkloadActive() {
        return serverWorkloadActive;
    }

    public int getVersion() {
        return version;
    }

    public boolean isActive() {
        return active;
    }

    public void setActive(boolean active) {
        this.active = active;
    }

    public String getStatus() {
        return active ? "active" : "inactive";
    }
}
