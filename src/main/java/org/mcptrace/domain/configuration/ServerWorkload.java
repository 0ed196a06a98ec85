package org.mcptrace.domain.configuration;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** An MCP server, recognised by its canonical resource URL (RFC 8707 {@code resource}). */
@Entity
@Table(name = "SERVER_WORKLOAD")
public class ServerWorkload implements ConfigurationObject {

    @Id
    @SequenceGenerator(name = "serverWorkloadSeq", sequenceName = "SERVER_WORKLOAD_SEQ", allocationSize = 1)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "serverWorkloadSeq")
    private Long id;

    @Column(name = "NAME", nullable = false, unique = true, length = 200)
    private String name;

    @Column(name = "DESCRIPTION", length = 2000)
    private String description;

    // kept exactly as entered: the resolver tells an exact match from a merely canonical one
    @Column(name = "RESOURCE_URL", nullable = false, length = 2000)
    private String resourceUrl;

    @Column(name = "ACTIVE", nullable = false)
    private boolean active;

    @Version
    @Column(name = "VERSION", nullable = false)
    private int version;

    protected ServerWorkload() {
    }

    public ServerWorkload(String name, String description, String resourceUrl, boolean active) {
        change(name, description, resourceUrl, active);
    }

    public final void change(String name, String description, String resourceUrl, boolean active) {
        this.name = name;
        this.description = description;
        this.resourceUrl = resourceUrl;
        this.active = active;
    }

    public Long getId() {
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
