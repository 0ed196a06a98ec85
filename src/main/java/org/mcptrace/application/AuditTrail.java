package org.mcptrace.application;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.mcptrace.domain.audit.AuditRecord;
import org.mcptrace.domain.configuration.AccessPolicy;
import org.mcptrace.domain.configuration.ClientWorkload;
import org.mcptrace.domain.configuration.ServerWorkload;
import org.mcptrace.domain.gateway.Gateway;

/**
 * Records changes in the caller's transaction ({@code MANDATORY}): the record commits or rolls back with the change
 * it describes. Before/after are JSON snapshots of the object, never of a secret (a gateway's token hash is left out).
 */
@ApplicationScoped
public class AuditTrail {

    public static final int MAX_LIMIT = 1000;

    @PersistenceContext(unitName = "mcptrace")
    EntityManager em;

    @Transactional(Transactional.TxType.MANDATORY)
    public void record(String actor, String action, String kind, Long id, String name, String before, String after) {
        em.persist(new AuditRecord(Instant.now().truncatedTo(ChronoUnit.MILLIS), actor, action, kind, id, name,
                before, after));
    }

    /** Newest first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<AuditRecord> newest(int limit) {
        return em.createQuery("select a from AuditRecord a order by a.id desc", AuditRecord.class)
                .setMaxResults(Math.max(1, Math.min(limit, MAX_LIMIT))).getResultList();
    }

    static String json(ClientWorkload w) {
        JsonArrayBuilder uris = Json.createArrayBuilder();
        w.getRedirectUris().forEach(uris::add);
        JsonArrayBuilder clientIds = Json.createArrayBuilder();
        w.getClientIds().forEach(clientIds::add);
        return Json.createObjectBuilder().add("id", w.getId()).add("name", w.getName())
                .add("description", w.getDescription() == null ? "" : w.getDescription()).add("redirectUris", uris)
                .add("clientIds", clientIds).add("active", w.isActive()).add("version", w.getVersion()).build().toString();
    }

    static String json(ServerWorkload w) {
        return Json.createObjectBuilder().add("id", w.getId()).add("name", w.getName())
                .add("description", w.getDescription() == null ? "" : w.getDescription())
                .add("resourceUrl", w.getResourceUrl()).add("active", w.isActive()).add("version", w.getVersion())
                .build().toString();
    }

    static String json(AccessPolicy p) {
        return Json.createObjectBuilder().add("id", p.getId()).add("name", p.getName())
                .add("clientWorkloadId", p.getClientWorkload().getId())
                .add("clientWorkload", p.getClientWorkload().getName())
                .add("serverWorkloadId", p.getServerWorkload().getId())
                .add("serverWorkload", p.getServerWorkload().getName()).add("active", p.isActive())
                .add("version", p.getVersion()).build().toString();
    }

    static String json(Gateway g) {
        JsonObjectBuilder b = Json.createObjectBuilder().add("id", g.getId()).add("name", g.getName())
                .add("createdAt", g.getCreatedAt().toString()).add("mode", g.getMode().word())
                .add("trustedProxies", g.getTrustedProxies()).add("revoked", g.isRevoked());
        if (g.getRevokedAt() != null) {
            b.add("revokedAt", g.getRevokedAt().toString());
        }
        return b.build().toString();
    }
}
