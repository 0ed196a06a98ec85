package org.mcptrace.interfaces.web;

import jakarta.validation.constraints.Size;
import java.util.Map;
import org.mcptrace.application.ConfigurationChanges;
import org.mcptrace.domain.configuration.Workload;

/** What the two workload screens add alike to the configuration screen: the description, with its length rule. */
public abstract class WorkloadScreen<T extends Workload> extends ConfigurationScreen<T> {

    private static final long serialVersionUID = 1L;

    @Size(max = ConfigurationChanges.DESCRIPTION_MAX, message = ConfigurationChanges.DESCRIPTION_TOO_LONG)
    private String description;

    WorkloadScreen() {
        super(Map.of());
    }

    @Override
    void clear() {
        description = null;
    }

    @Override
    void fill(T workload) {
        description = workload.getDescription();
    }

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = description;
    }
}
