package org.mcptrace.domain.configuration;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.util.ArrayList;
import java.util.List;

/**
 * An MCP client (Claude, VS Code, Cursor, …) recognised by the redirect URIs it registered and by its client IDs (Client
 * ID Metadata Document URLs or pre-registered IDs); at least one of the two lists is not empty.
 */
@Entity
@Table(name = "CLIENT_WORKLOAD")
public class ClientWorkload extends Workload {

    @Id
    @SequenceGenerator(name = "clientWorkloadSeq", sequenceName = "CLIENT_WORKLOAD_SEQ", allocationSize = 1)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "clientWorkloadSeq")
    private Long id;

    // order matters to the operator (first URI is the one shown in lists) and to field names like redirectUris[1]
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "CLIENT_WORKLOAD_REDIRECT_URI", joinColumns = @JoinColumn(name = "CLIENT_WORKLOAD_ID"))
    @OrderColumn(name = "POSITION")
    @Column(name = "REDIRECT_URI", nullable = false, length = 2000)
    private List<String> redirectUris = new ArrayList<>();

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "CLIENT_WORKLOAD_CLIENT_ID", joinColumns = @JoinColumn(name = "CLIENT_WORKLOAD_ID"))
    @OrderColumn(name = "POSITION")
    @Column(name = "CLIENT_ID", nullable = false, length = 2000)
    private List<String> clientIds = new ArrayList<>();

    protected ClientWorkload() {
    }

    public ClientWorkload(String name, String description, List<String> redirectUris, List<String> clientIds,
            boolean active) {
        change(name, description, redirectUris, clientIds, active);
    }

    public final void change(String name, String description, List<String> redirectUris, List<String> clientIds,
            boolean active) {
        change(name, description, active);
        this.redirectUris.clear();
        this.redirectUris.addAll(redirectUris);
        this.clientIds.clear();
        this.clientIds.addAll(clientIds);
    }

    @Override
    public Long getId() {
        return id;
    }

    public List<String> getRedirectUris() {
        return List.copyOf(redirectUris);
    }

    public List<String> getClientIds() {
        return List.copyOf(clientIds);
    }
}
