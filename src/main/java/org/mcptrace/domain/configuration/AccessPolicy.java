package org.mcptrace.domain.configuration;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;

/** Allows one Client Workload to obtain tokens for one Server Workload. */
@Entity
@Table(name = "ACCESS_POLICY", uniqueConstraints =
        @UniqueConstraint(name = "ACCESS_POLICY_PAIR", columnNames = {"CLIENT_WORKLOAD_ID", "SERVER_WORKLOAD_ID"}))
public class AccessPolicy extends ConfigurationObject {

    @Id
    @SequenceGenerator(name = "accessPolicySeq", sequenceName = "ACCESS_POLICY_SEQ", allocationSize = 1)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "accessPolicySeq")
    private Long id;

    @ManyToOne(optional = false)
    @JoinColumn(name = "CLIENT_WORKLOAD_ID", nullable = false)
    private ClientWorkload clientWorkload;

    @ManyToOne(optional = false)
    @JoinColumn(name = "SERVER_WORKLOAD_ID", nullable = false)
    private ServerWorkload serverWorkload;

    protected AccessPolicy() {
    }

    public AccessPolicy(String name, ClientWorkload clientWorkload, ServerWorkload serverWorkload, boolean active) {
        change(name, clientWorkload, serverWorkload, active);
    }

    public final void change(String name, ClientWorkload clientWorkload, ServerWorkload serverWorkload, boolean active) {
        change(name, active);
        this.clientWorkload = clientWorkload;
        this.serverWorkload = serverWorkload;
    }

    @Override
    public Long getId() {
        return id;
    }

    public ClientWorkload getClientWorkload() {
        return clientWorkload;
    }

    public ServerWorkload getServerWorkload() {
        return serverWorkload;
    }
}
