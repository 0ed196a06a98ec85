package org.mcptrace.interfaces.web;

import jakarta.annotation.PostConstruct;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.mcptrace.application.ConfigurationChanges;
import org.mcptrace.application.ConfigurationRejected;
import org.mcptrace.application.ConfigurationService;
import org.mcptrace.domain.configuration.ConfigurationObject;

/**
 * What the Client Workloads, Server Workloads and Access Policies screens do alike: the table of objects (the entities
 * themselves, as read), the inline active toggle, deletion, and the editor dialog's name, active switch and save. A
 * screen adds its own editor fields and how they become a creation or an update.
 */
public abstract class ConfigurationScreen<T extends ConfigurationObject> implements Serializable {

    private static final long serialVersionUID = 1L;

    /** API field names (without index) whose input in the editor form has another id than the field's name. */
    private final Map<String, String> inputs;
    private final Prefill prefill = new Prefill();

    private List<T> rows;
    private List<T> filtered;

    // the editor's state; id == null means a new object
    private Long id;
    private Integer version;
    @NotBlank(message = ConfigurationChanges.NAME_REQUIRED)
    @Size(max = ConfigurationChanges.NAME_MAX, message = ConfigurationChanges.NAME_TOO_LONG)
    private String name;
    private boolean active = true;

    ConfigurationScreen(Map<String, String> inputs) {
        this.inputs = inputs;
    }

    abstract ConfigurationService<T> service();

    /** Empties the screen's own editor fields, for a new object. */
    abstract void clear();

    /** Fills the screen's own editor fields from an object opened for editing. */
    abstract void fill(T object);

    abstract T create(String name, boolean active);

    abstract T update(long id, Integer version, String name, boolean active);

    /** What a quick fix puts into a new object's editor. */
    abstract void prefillNew(Prefill prefill);

    /** What a quick fix changes in an object opened for editing, besides activating it; nothing by default. */
    void prefillEdit(Prefill prefill) {
    }

    /** Opens the editor as a link from elsewhere (a quick fix) asked for: a new object, or one to edit. */
    private void prefilled() {
        if (prefill.isCreate()) {
            startNew();
            prefillNew(prefill);
        } else {
            edit(prefill.getEdit());
            prefillEdit(prefill);
            if (prefill.isActivate()) {
                setActive(true);
            }
        }
    }

    @PostConstruct
    void init() {
        load();
    }

    void load() {
        rows = service().all();
        filtered = null;
    }

    public Prefill getPrefill() {
        return prefill;
    }

    public void applyPrefill() {
        prefill.apply(this::prefilled);
    }

    public void startNew() {
        id = null;
        version = null;
        name = null;
        active = true;
        clear();
    }

    public void edit(long objectId) {
        try {
            T object = service().get(objectId);
            id = object.getId();
            version = object.getVersion();
            name = object.getName();
            active = object.isActive();
            fill(object);
        } catch (ConfigurationRejected e) {
            Messages.error(e);
            load();
        }
    }

    public void save() {
        try {
            T saved = id == null ? create(name, active) : update(id, version, name, active);
            load();
            Messages.saved(service().kind() + " '" + saved.getName() + "' saved.");
        } catch (ConfigurationRejected e) {
            Messages.show(e, inputs);
        }
    }

    public void toggle(T row) {
        try {
            T saved = service().setActive(row.getId(), row.getVersion(), row.isActive());
            Messages.info(service().kind() + " '" + saved.getName() + "' " + (saved.isActive() ? "activated." : "deactivated."));
        } catch (ConfigurationRejected e) {
            Messages.error(e);
        }
        load();
    }

    public void delete(T row) {
        try {
            service().delete(row.getId());
            Messages.info(service().kind() + " '" + row.getName() + "' deleted.");
        } catch (ConfigurationRejected e) {
            Messages.error(e);
        }
        load();
    }

    public String getEditorTitle() {
        return (id == null ? "New " : "Edit ") + service().kind();
    }

    public List<T> getRows() {
        return rows;
    }

    public List<T> getFiltered() {
        return filtered;
    }

    public void setFiltered(List<T> filtered) {
        this.filtered = filtered;
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

    public boolean isActive() {
        return active;
    }

    public void setActive(boolean active) {
        this.active = active;
    }
}
