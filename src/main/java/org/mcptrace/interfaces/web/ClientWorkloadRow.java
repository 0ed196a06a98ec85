package org.mcptrace.interfaces.web;

import java.io.Serializable;
import java.util.List;
import org.mcptrace.domain.configuration.ClientWorkload;

/** One table row; a plain bean because Jakarta EL cannot read records. */
public class ClientWorkloadRow implements Serializable {

    private static final long serialVersionUID = 1L;

    private final long id;
    private final String name;
    private final String description;
    private final List<String> redirectUris;
    private final int version;
    private boolean active;

    ClientWorkloadRow(ClientWorkload workload) {
        id = workload.getId();
        name = workload.getName();
        description = workload.getDescription();
        redirectUris = List.copyOf(workload.getRedirectUris());
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

    public List<String> getRedirectUris() {
        return redirectUris;
    }

    /** What the column filter searches. */
    public String getRedirectUrisText() {
        return String.join(" ", redirectUris);
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
