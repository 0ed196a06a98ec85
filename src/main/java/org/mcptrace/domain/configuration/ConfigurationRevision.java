package org.mcptrace.domain.configuration;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The one-row counter of configuration changes. Every writer locks this row first, which also serialises the
 * uniqueness checks so that two operators cannot both pass them with conflicting data.
 */
@Entity
@Table(name = "CONFIGURATION_REVISION")
public class ConfigurationRevision {

    public static final long ROW = 1L;

    @Id
    @Column(name = "ID")
    private Long id;

    @Column(name = "REVISION", nullable = false)
    private long revision;

    protected ConfigurationRevision() {
    }

    public static ConfigurationRevision initial() {
        ConfigurationRevision row = new ConfigurationRevision();
        row.id = ROW;
        row.revision = 0;
        return row;
    }

    public long getRevision() {
        return revision;
    }

    public long increment() {
        return ++revision;
    }
}
