package org.mcptrace.interfaces.rest;

import java.util.List;
import org.mcptrace.domain.resolution.ClientMatch;
import org.mcptrace.domain.resolution.Difference;
import org.mcptrace.domain.resolution.Finding;
import org.mcptrace.domain.resolution.NearMiss;
import org.mcptrace.domain.resolution.PolicyMatch;
import org.mcptrace.domain.resolution.ServerMatch;
import org.mcptrace.domain.trace.Change;
import org.mcptrace.domain.trace.TraceEntry;

/**
 * The trace entry's wire shape, written with {@link JsonText}: every member is always present (null when
 * absent) so gateway authors can rely on the shape, and the hot ingestion path avoids reflection.
 */
public final class TraceEntryJson {

    private TraceEntryJson() {
    }

    public static String of(TraceEntry entry) {
        JsonText json = new JsonText(1024);
        write(json, entry);
        return json.toString();
    }

    /** An entry followed by what changed against the entry it re-evaluates. */
    public static String of(TraceEntry entry, List<Change> changes) {
        JsonText json = new JsonText(1024);
        json.writeStartObject();
        members(json, entry);
        json.writeStartArray("changes");
        for (Change change : changes) {
            json.writeStartObject().write("aspect", change.aspect()).write("before", change.before())
                    .write("after", change.after()).writeEnd();
        }
        json.writeEnd().writeEnd();
        return json.toString();
    }

    public static String of(List<TraceEntry> entries) {
        JsonText json = new JsonText(512 + entries.size() * 900);
        json.writeStartArray();
        for (TraceEntry entry : entries) {
            write(json, entry);
        }
        json.writeEnd();
        return json.toString();
    }

    static void write(JsonText json, TraceEntry e) {
        json.writeStartObject();
        members(json, e);
        json.writeEnd();
    }

    private static void members(JsonText json, TraceEntry e) {
        string(json, "id", e.getId());
        json.write("sequence", e.getSequence());
        string(json, "receivedAt", e.getReceivedAt() == null ? null : e.getReceivedAt().toString());
        string(json, "gatewayId", e.getGatewayId());
        string(json, "requestId", e.getRequestId());
        string(json, "clientIp", e.getClientIp());
        string(json, "redirectUri", e.getRedirectUri());
        string(json, "resource", e.getResource());
        string(json, "clientId", e.getClientId());
        ClientMatch client = e.getClientWorkload();
        if (client == null) {
            json.writeNull("clientWorkload");
        } else {
            json.writeStartObject("clientWorkload").write("id", client.id());
            string(json, "name", client.name());
            json.write("active", client.active()).write("rule", client.rule().name());
            string(json, "registered", client.registered());
            json.writeEnd();
        }
        ServerMatch server = e.getServerWorkload();
        if (server == null) {
            json.writeNull("serverWorkload");
        } else {
            json.writeStartObject("serverWorkload").write("id", server.id());
            string(json, "name", server.name());
            json.write("active", server.active()).write("rule", server.rule().name());
            string(json, "registered", server.registered());
            json.writeEnd();
        }
        PolicyMatch policy = e.getAccessPolicy();
        if (policy == null) {
            json.writeNull("accessPolicy");
        } else {
            json.writeStartObject("accessPolicy").write("id", policy.id());
            string(json, "name", policy.name());
            json.write("active", policy.active()).writeEnd();
        }
        json.write("severity", e.getSeverity().name());
        json.write("decision", e.getDecision().name());
        json.writeStartArray("findings");
        for (Finding finding : e.getFindings()) {
            json.writeStartObject()
                    .write("code", finding.code().name())
                    .write("severity", finding.severity().name());
            string(json, "message", finding.message());
            json.writeStartArray("nearMisses");
            for (NearMiss miss : finding.nearMisses()) {
                json.writeStartObject().write("workloadId", miss.workloadId());
                string(json, "workloadName", miss.workloadName());
                string(json, "registered", miss.registered());
                json.writeStartArray("differences");
                for (Difference difference : miss.differences()) {
                    json.write(difference.name());
                }
                json.writeEnd().writeEnd();
            }
            json.writeEnd().writeEnd();
        }
        json.writeEnd();
        json.write("configRevision", e.getConfigRevision());
        string(json, "reEvaluationOf", e.getReEvaluationOf());
    }

    private static void string(JsonText json, String name, String value) {
        if (value == null) {
            json.writeNull(name);
        } else {
            json.write(name, value);
        }
    }
}
