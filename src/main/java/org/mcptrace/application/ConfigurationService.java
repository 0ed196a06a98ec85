package org.mcptrace.application;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.mcptrace.domain.configuration.ConfigurationObject;

/**
 * What the services of Client Workloads, Server Workloads and Access Policies do alike: list, read, activate or
 * deactivate, delete, each change through {@link ConfigurationChanges}. A subclass adds creation and editing with its
 * own rules.
 */
public abstract class ConfigurationService<T extends ConfigurationObject> {

    @PersistenceContext(unitName = "mcptrace")
    EntityManager em;

    @Inject
    ConfigurationChanges changes;

    private final Class<T> type;
    private final String kind;
    private final Function<T, String> audited;

    ConfigurationService(Class<T> type, String kind, Function<T, String> audited) {
        this.type = type;
        this.kind = kind;
        this.audited = audited;
    }

    public List<T> all() {
        return changes.all(type);
    }

    public T get(long id) {
        return changes.find(type, kind, id);
    }

    public T setActive(long id, Integer version, boolean active) {
        return changed(active ? "activate" : "deactivate", id, version, object -> {
            object.setActive(active);
            return object;
        });
    }

    public void delete(long id) {
        changes.apply("delete", kind, audited, () -> get(id), object -> {
            refuseDeleting(object);
            em.remove(object);
            return object;
        });
    }

    /** Throws when something still refers to the object; nothing does by default. */
    void refuseDeleting(T object) {
    }

    T created(Supplier<T> create) {
        return changes.apply("create", kind, audited, () -> null, nothing -> {
            T object = create.get();
            em.persist(object);
            return object;
        });
    }

    T changed(String action, long id, Integer version, UnaryOperator<T> change) {
        return changes.apply(action, kind, audited, () -> ConfigurationChanges.current(get(id), version, kind), change);
    }

    /** The kind as operators read it, e.g. "Client Workload". */
    public String kind() {
        return kind;
    }
}
