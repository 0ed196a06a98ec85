package org.mcptrace.interfaces.web;

import java.io.Serializable;

/** A workload offered in the policy editor, picked by name. */
public class WorkloadOption implements Serializable {

    private static final long serialVersionUID = 1L;

    private final long id;
    private final String name;
    private final String label;

    WorkloadOption(long id, String name, boolean active) {
        this.id = id;
        this.name = name;
        this.label = active ? name : name + " (inactive)";
    }

    public long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public String getLabel() {
        return label;
    }
}
