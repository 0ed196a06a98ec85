package org.mcptrace.interfaces.rest;

import jakarta.json.Json;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonGeneratorFactory;
import java.io.CharArrayWriter;
import java.util.List;
import java.util.Map;
import org.mcptrace.domain.resolution.ClientMatch;
import org.mcptrace.domain.resolution.Difference;
import org.mcptrace.domain.resolution.Finding;
import org.mcptrace.domain.resolution.NearMiss;
import org.mcptrace.domain.resolution.PolicyMatch;
import org.mcptrace.domain.resolution.ServerMatch;
import org.mcptrace.domain.trace.Change;
import org.mcptrace.domain.trace.TraceEntry;

/**
 * The trace entry's wire shape, written with a JSON-P generator: every member is always present (null when absent) so
 * gateway authors can rely on the shape, in the order documented. A generator rather than JSON-B binding because
 * JSON-B leaves out nulls or, configured to write them, writes them for every property of every class; and the
 * entry is written for every ingested request. The factory is made once: {@code Json.createGenerator} looks the
 * provider up on every call.
 */
public final class TraceEntryJson {

    private static final JsonGeneratorFactory GENERATORS = Json.createGeneratorFactory(Map.of());

    private TraceEntryJson() {
    }

    public static String of(TraceEntry entry) {
        return write(json -> object(json, entry, null));
    }

    /** An entry followed by what changed against the entry it re-evaluates. */
    public static String of(TraceEntry entry, List<Change> changes) {
        return write(json -> object(json, entry, changes));
    }

    public static String of(List<TraceEntry> entries) {
        return write(json -> {
            json.writeStartArray();
            entries.forEach(entry -> object(json, entry, null));
            json.writeEnd();
        });
    }

    private static String write(java.util.function.Consumer<JsonGenerator> body) {
        // a CharArrayWriter, not a StringWriter: the generator hands over its whole buffer at the end, which a
        // StringWriter's StringBuffer copies char by char (a fifth of the entry's cost; an array copy and one String
        // made from it cost about half that: docs/performance.md, "Where a report's CPU goes"); 2,048 characters hold
        // an entry with near misses without growing
        CharArrayWriter text = new CharArrayWriter(2048);
        try (JsonGenerator json = GENERATORS.createGenerator(text)) {
            body.accept(json);
        }
        return text.toString();
    }

    private static void object(JsonGenerator json, TraceEntry e, List<Change> changes) {
        json.writeStartObject();
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
        if (changes != null) {
            json.writeStartArray("changes");
            for (Change change : changes) {
                json.writeStartObject();
                string(json, "aspect", change.aspect());
                string(json, "before", change.before());
                string(json, "after", change.after());
                json.writeEnd();
            }
            json.writeEnd();
        }
        json.writeEnd();
    }

    private static void string(JsonGenerator json, String name, String value) {
        if (value == null) {
            json.writeNull(name);
        } else {
            json.write(name, value);
        }
    }
}
