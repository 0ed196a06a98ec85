package org.mcptrace.interfaces.rest;

import java.util.List;
import java.util.stream.Collectors;
import org.mcptrace.domain.trace.TraceEntry;

/**
 * CSV export (RFC 4180). Values that a spreadsheet would take for a formula are prefixed with an apostrophe, because
 * redirect URIs and resources are chosen by whoever sends the authorization request.
 */
public final class TraceCsv {

    static final String HEADER = "sequence,id,receivedAt,clientIp,accessPolicy,redirectUri,clientWorkload,resource,"
            + "serverWorkload,severity,decision,findings,configRevision,requestId,clientId,gatewayId,reEvaluationOf";

    private TraceCsv() {
    }

    public static String of(List<TraceEntry> entries) {
        StringBuilder csv = new StringBuilder(HEADER.length() + entries.size() * 300).append(HEADER).append("\r\n");
        for (TraceEntry e : entries) {
            row(csv, Long.toString(e.getSequence()), e.getId(), e.getReceivedAt() == null ? null : e.getReceivedAt().toString(),
                    e.getClientIp(), e.getAccessPolicy() == null ? null : e.getAccessPolicy().name(), e.getRedirectUri(),
                    e.getClientWorkload() == null ? null : e.getClientWorkload().name(), e.getResource(),
                    e.getServerWorkload() == null ? null : e.getServerWorkload().name(), e.getSeverity().name(),
                    e.getDecision().name(), e.getFindings().stream().map(f -> f.code().name()).collect(Collectors.joining(" ")),
                    Long.toString(e.getConfigRevision()), e.getRequestId(), e.getClientId(), e.getGatewayId(),
                    e.getReEvaluationOf());
        }
        return csv.toString();
    }

    private static void row(StringBuilder csv, String... cells) {
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                csv.append(',');
            }
            csv.append(cell(cells[i]));
        }
        csv.append("\r\n");
    }

    static String cell(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        String safe = value;
        char first = value.charAt(0);
        if (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r' || first == '|') {
            safe = "'" + value;
        }
        boolean quote = safe.indexOf(',') >= 0 || safe.indexOf('"') >= 0 || safe.indexOf('\n') >= 0
                || safe.indexOf('\r') >= 0 || !safe.equals(value);
        return quote ? '"' + safe.replace("\"", "\"\"") + '"' : safe;
    }
}
