package org.mcptrace.domain.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One change: who made it, when, to which object, and the object as JSON before and after (null for a creation or a
 * deletion respectively). Written in the transaction of the change itself, so a change without its record (or a
 * record of a change that was rolled back) cannot exist. Never updated or deleted by the application.
 */
@Entity
@Table(name = "AUDIT_RECORD")
public class AuditRecord {

    @Id
    @SequenceGenerator(name = "auditSeq", sequenceName = "AUDIT_RECORD_SEQ", allocationSize = 1)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "auditSeq")
    private Long id;

    @Column(name = "AT", nullable = false)
    private Instant at;

    @Column(name = "ACTOR", nullable = false, length = 100)
    private String actor;

    @Column(name = "ACTION", nullable = false, length = 40)
    private String action;

    @Column(name = "OBJECT_KIND", nullable = false, length = 40)
    private String objectKind;

    @Column(name = "OBJECT_ID")
    private Long objectId;

    @Column(name = "OBJECT_NAME", length = 200)
    private String objectName;

    @Lob
    @Column(name = "BEFORE_JSON")
    private String before;

    @Lob
    @Column(name = "AFTER_JSON")
    private String after;

    protected AuditRecord() {
    }

    public AuditRecord(Instant at, String actor, String action, String objectKind, Long objectId, String objectName,
            String before, String after) {
        this.at = at;
        this.actor = actor;
        this.action = action;
        this.objectKind = objectKind;
        this.objectId = objectId;
        this.objectName = objectName;
        this.before = before;
        this.after = after;
    }

    public Long getId() {
        return id;
    }

    public Instant getAt() {
        return at;
    }

    public String getActor() {
        return actor;
    }

    public String getAction() {
        return action;
    }

    public String getObjectKind() {
        return objectKind;
    }

    public Long getObjectId() {
        return objectId;
    }

    public String getObjectName() {
        return objectName;
    }

    public String getBefore() {
        return before;
    }

    public String getAfter() {
        return after;
    }
}
