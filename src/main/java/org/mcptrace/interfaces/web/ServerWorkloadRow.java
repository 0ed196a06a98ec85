package org.mcptrace.interfaces.web;

import java.io.Serializable;
import org.mcptrace.domain.configuration.ServerWorkload;

/** One table row; a plain bean because Jakarta EL cannot read records. */
public class ServerWorkloadRow implements Serializable {

    private static final long serialVersionUID = 1L;

    private final long id;
    private final String name;
    private final String description;
    private final String resourceUrl;
    private final int version;
    private boolean active;

    ServerWorkloadRow(ServerWorkload workload) {
        id = workload.getId();
        name = workload.getName();
        description = workload.getDescription();
        resourceUrl = workload.getResourceUrl();
        version = workload.getVersion();
        active = workload.isActive();
    }

    public long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public String getDescription() {
        return description;
    }

    public String getResourceUrl() {
        return resourceUrl;
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
