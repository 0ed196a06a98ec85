package org.mcptrace.domain.configuration;

import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.Version;
import java.io.Serializable;

/**
 * What Client Workloads, Server Workloads and Access Policies have in common: a name operators know them by, whether
 * they take part in resolution, and the version that guards against overwriting a concurrent change. Each keeps its own
 * table and id sequence. Serializable because the screens keep the objects they list in the view.
 */
@MappedSuperclass
public abstract class ConfigurationObject implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final int NAME_MAX = 200;

    // the database constraint is a backstop; the service checks case-insensitively and names the other object
    @Column(name = "NAME", nullable = false, unique = true, length = NAME_MAX)
    private String name;

    @Column(name = "ACTIVE", nullable = false)
    private boolean active;

    @Version
    @Column(name = "VERSION", nullable = false)
    private int version;

    public abstract Long getId();

    protected final void change(String name, boolean active) {
        this.name = name;
        this.active = active;
    }

    public String getName() {
        return name;
    }

    public boolean isActive() {
        return active;
    }

    public void setActive(boolean active) {
        this.active = active;
    }

    public int getVersion() {
        return version;
    }
}
