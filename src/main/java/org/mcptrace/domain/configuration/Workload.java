package org.mcptrace.domain.configuration;

import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;

/** What a Client Workload and a Server Workload have beyond any configuration object: a description for operators. */
@MappedSuperclass
public abstract class Workload extends ConfigurationObject {

    private static final long serialVersionUID = 1L;

    public static final int DESCRIPTION_MAX = 2000;

    @Column(name = "DESCRIPTION", length = DESCRIPTION_MAX)
    private String description;

    protected final void change(String name, String description, boolean active) {
        change(name, active);
        this.description = description;
    }

    public String getDescription() {
        return description;
    }
}
