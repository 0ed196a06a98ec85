package org.mcptrace.domain.configuration;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

/** An MCP server, recognised by its canonical resource URL (RFC 8707 {@code resource}). */
@Entity
@Table(name = "SERVER_WORKLOAD")
public class ServerWorkload extends Workload {

    @Id
    @SequenceGenerator(name = "serverWorkloadSeq", sequenceName = "SERVER_WORKLOAD_SEQ", allocationSize = 1)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "serverWorkloadSeq")
    private Long id;

    // kept exactly as entered: the resolver tells an exact match from a merely canonical one
    @Column(name = "RESOURCE_URL", nullable = false, length = 2000)
    private String resourceUrl;

    protected ServerWorkload() {
    }

    public ServerWorkload(String name, String description, String resourceUrl, boolean active) {
        change(name, description, resourceUrl, active);
    }

    public final void change(String name, String description, String resourceUrl, boolean active) {
        change(name, description, active);
        this.resourceUrl = resourceUrl;
    }

    @Override
    public Long getId() {
        return id;
    }

    public String getResourceUrl() {
        return resourceUrl;
    }
}
