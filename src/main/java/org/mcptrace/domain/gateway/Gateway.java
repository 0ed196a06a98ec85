package org.mcptrace.domain.gateway;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A gateway allowed to report. Only the SHA-256 of its token is kept: the token itself is shown once, at registration,
 * and cannot be recovered from the database. Revoking keeps the row so the audit trail and counters still name it.
 *
 * <p>Mode and trusted proxies only matter to forward auth. Both columns are nullable so that a database made before
 * they existed is extended in place; null reads as {@code observe} and 0.
 */
@Entity
@Table(name = "GATEWAY")
public class Gateway {

    public static final int NAME_MAX = 100;
    /** More proxies than this in front of one gateway is a mistake, not a deployment. */
    public static final int TRUSTED_PROXIES_MAX = 10;

    @Id
    @SequenceGenerator(name = "gatewaySeq", sequenceName = "GATEWAY_SEQ", allocationSize = 1)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "gatewaySeq")
    private Long id;

    @Column(name = "NAME", nullable = false, unique = true, length = NAME_MAX)
    private String name;

    @Column(name = "TOKEN_HASH", nullable = false, unique = true, length = 64)
    private String tokenHash;

    @Column(name = "CREATED_AT", nullable = false)
    private Instant createdAt;

    @Column(name = "CREATED_BY", length = 100)
    private String createdBy;

    @Column(name = "LAST_SEEN")
    private Instant lastSeen;

    @Column(name = "REQUEST_COUNT", nullable = false)
    private long requestCount;

    @Column(name = "REVOKED_AT")
    private Instant revokedAt;

    @Column(name = "REVOKED_BY", length = 100)
    private String revokedBy;

    @Enumerated(EnumType.STRING)
    @Column(name = "MODE", length = 10)
    private GatewayMode mode;

    @Column(name = "TRUSTED_PROXIES")
    private Integer trustedProxies;

    protected Gateway() {
    }

    public Gateway(String name, String tokenHash, Instant createdAt, String createdBy) {
        this(name, tokenHash, createdAt, createdBy, GatewayMode.OBSERVE, 0);
    }

    public Gateway(String name, String tokenHash, Instant createdAt, String createdBy, GatewayMode mode,
                   int trustedProxies) {
        this.name = name;
        this.tokenHash = tokenHash;
        this.createdAt = createdAt;
        this.createdBy = createdBy;
        this.mode = mode;
        this.trustedProxies = trustedProxies;
    }

    /** How forward auth treats this gateway's calls. */
    public void forwarding(GatewayMode mode, int trustedProxies) {
        this.mode = mode;
        this.trustedProxies = trustedProxies;
    }

    public void revoke(Instant at, String by) {
        if (revokedAt == null) {
            revokedAt = at;
            revokedBy = by;
        }
    }

    /** Adds activity counted in memory since the last flush. */
    public void seen(long requests, Instant at) {
        requestCount += requests;
        if (at != null && (lastSeen == null || at.isAfter(lastSeen))) {
            lastSeen = at;
        }
    }

    public void replaceToken(String tokenHash) {
        this.tokenHash = tokenHash;
        this.revokedAt = null;
        this.revokedBy = null;
    }

    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public String getTokenHash() {
        return tokenHash;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public String getCreatedBy() {
        return createdBy;
    }

    public Instant getLastSeen() {
        return lastSeen;
    }

    public long getRequestCount() {
        return requestCount;
    }

    public Instant getRevokedAt() {
        return revokedAt;
    }

    public String getRevokedBy() {
        return revokedBy;
    }

    public GatewayMode getMode() {
        return mode == null ? GatewayMode.OBSERVE : mode;
    }

    public int getTrustedProxies() {
        return trustedProxies == null ? 0 : trustedProxies;
    }

    public boolean isRevoked() {
        return revokedAt != null;
    }
}
