package org.mcptrace.domain.configuration;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;
import jakarta.persistence.Version;

/** Allows one Client Workload to obtain tokens for one Server Workload. */
@Entity
@Table(name = "ACCESS_POLICY", uniqueConstraints =
        @UniqueConstraint(name = "ACCESS_POLICY_PAIR", columnNames = {"CLIENT_WORKLOAD_ID", "SERVER_WORKLOAD_ID"}))
public class AccessPolicy implements ConfigurationObject {

    @Id
    @SequenceGenerator(name = "accessPolicySeq", sequenceName = "ACCESS_POLICY_SEQ", allocationSize = 1)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "accessPolicySeq")
    private Long id;

    @Column(name = "NAME", nullable = false, unique = true, length = 200)
    private String name;

    @ManyToOne(optional = false)
    @JoinColumn(name = "CLIENT_WORKLOAD_ID", nullable = false)
    private ClientWorkload clientWorkload;

    @ManyToOne(optional = false)
    @JoinColumn(name = "SERVER_WORKLOAD_ID", nullable = false)
    private ServerWorkload serverWorkload;

    @Column(name = "ACTIVE", nullable = false)
    private boolean active;

    @Version
    @Column(name = "VERSION", nullable = false)
    private int version;

    protected AccessPolicy() {
    }

    public AccessPolicy(String name, ClientWorkload clientWorkload, ServerWorkload serverWorkload, boolean active) {
        change(name, clientWorkload, serverWorkload, active);
    }

    public final void change(String name, ClientWorkload clientWorkload, ServerWorkload serverWorkload, boolean active) {
        this.name = name;
        this.clientWorkload = clientWorkload;
        this.serverWorkload = serverWorkload;
        this.active = active;
    }

    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public ClientWorkload getClientWorkload() {
        return clientWorkload;
    }

    public ServerWorkload getServerWorkload() {
        return serverWorkload;
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
