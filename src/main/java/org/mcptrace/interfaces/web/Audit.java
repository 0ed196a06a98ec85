package org.mcptrace.interfaces.web;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import org.mcptrace.domain.audit.AuditRecord;

/** The Audit screen: the latest changes, newest first. */
@Named("auditTrail")
@RequestScoped
public class Audit {

    @Inject
    org.mcptrace.application.AuditTrail audit;

    private List<AuditRecord> rows;

    public List<AuditRecord> getRows() {
        if (rows == null) {
            rows = audit.newest(500);
        }
        return rows;
    }
}
