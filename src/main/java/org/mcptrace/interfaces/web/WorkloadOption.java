package org.mcptrace.interfaces.web;

import java.io.Serializable;

/** A workload offered in the policy editor, picked by name. A record with getters: Facelets cannot read accessors. */
public record WorkloadOption(long id, String name, boolean active) implements Serializable {

    public long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public String getLabel() {
        return active ? name : name + " (inactive)";
    }
}
