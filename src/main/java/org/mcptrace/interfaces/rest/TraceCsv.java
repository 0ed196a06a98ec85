package org.mcptrace.interfaces.rest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.QuoteMode;
import org.mcptrace.domain.trace.TraceEntry;

/**
 * CSV export (RFC 4180). Values that a spreadsheet would take for a formula are prefixed with an apostrophe and always
 * quoted (OWASP's advice on CSV injection), because redirect URIs and resources are chosen by whoever sends the
 * authorization request; commons-csv does the quoting, the defusing is ours.
 */
public final class TraceCsv {

    static final String HEADER = "sequence,id,receivedAt,clientIp,accessPolicy,redirectUri,clientWorkload,resource,"
            + "serverWorkload,severity,decision,findings,configRevision,requestId,clientId,gatewayId,reEvaluationOf";

    private static final CSVFormat CSV = CSVFormat.RFC4180;
    private static final CSVFormat QUOTED = CSV.builder().setQuoteMode(QuoteMode.ALL).get();

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
            print(csv, cells[i], i == 0);
        }
        csv.append(CSV.getRecordSeparator());
    }

    static String cell(String value) {
        StringBuilder cell = new StringBuilder();
        print(cell, value, true);
        return cell.toString();
    }

    private static void print(StringBuilder out, String value, boolean first) {
        boolean formula = value != null && !value.isEmpty() && "=+-@\t\r|".indexOf(value.charAt(0)) >= 0;
        try {
            (formula ? QUOTED : CSV).print(formula ? "'" + value : value, out, first);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringBuilder does not throw
        }
    }
}
