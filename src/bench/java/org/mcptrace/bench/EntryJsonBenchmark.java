package org.mcptrace.bench;

import java.time.Instant;
import java.util.List;
import org.mcptrace.domain.resolution.AccessPolicySnapshot;
import org.mcptrace.domain.resolution.AuthorizationRequest;
import org.mcptrace.domain.resolution.ClientMatch;
import org.mcptrace.domain.resolution.ClientWorkloadSnapshot;
import org.mcptrace.domain.resolution.ConfigurationSnapshot;
import org.mcptrace.domain.resolution.Difference;
import org.mcptrace.domain.resolution.Finding;
import org.mcptrace.domain.resolution.NearMiss;
import org.mcptrace.domain.resolution.PolicyMatch;
import org.mcptrace.domain.resolution.Resolver;
import org.mcptrace.domain.resolution.ServerMatch;
import org.mcptrace.domain.resolution.ServerWorkloadSnapshot;
import org.mcptrace.domain.trace.AuthorizationReport;
import org.mcptrace.domain.trace.TraceEntry;
import org.mcptrace.interfaces.rest.TraceEntryJson;

/**
 * What writing a trace entry's JSON costs with the platform (a JSON-P generator, {@link TraceEntryJson}) against the
 * hand-written writer it replaced (kept below, here only, as this comparison's baseline), in the same JVM, rounds
 * alternating, for a matched entry and a near-miss entry. Prints ns per entry for each and the difference as a share
 * of one single-report ingestion request (about 350 µs of server CPU, docs/performance.md) and of one batch entry
 * (about 9 µs: 224,640 entries/s on two cores). Issue 11 keeps the platform unless the difference exceeds 5%.
 *
 * <p>{@code src/bench/run.sh entry-json}; plain loops rather than JMH because the question is a ratio measured side by
 * side, not an absolute figure.
 */
public final class EntryJsonBenchmark {

    private static final int ROUNDS = Integer.getInteger("bench.rounds", 10);
    private static final int PER_ROUND = Integer.getInteger("bench.perRound", 200_000);
    private static final double INGESTION_REQUEST_NS = 350_000;
    private static final double BATCH_ENTRY_NS = 2e9 / 224_640;

    private static volatile int sink;

    public static void main(String[] args) {
        ConfigurationSnapshot snapshot = ConfigurationSnapshot.of(1,
                List.of(new ClientWorkloadSnapshot(1, "Claude", true, List.of("https://claude.ai/api/mcp/auth_callback"))),
                List.of(new ServerWorkloadSnapshot(2, "Docs MCP", true, "https://mcp.example.com/mcp")),
                List.of(new AccessPolicySnapshot(3, "Claude to Docs", true, 1, 2)));
        TraceEntry matched = entry(snapshot, "https://claude.ai/api/mcp/auth_callback", "https://mcp.example.com/mcp");
        TraceEntry nearMiss = entry(snapshot, "https://claude.ai/api/mcp/auth_callbak", "https://mcp.example.com/mcp/");
        for (TraceEntry entry : List.of(matched, nearMiss)) {
            if (!TraceEntryJson.of(entry).equals(HandWritten.of(entry))) {
                throw new IllegalStateException("the two writers differ:\n" + TraceEntryJson.of(entry) + "\n"
                        + HandWritten.of(entry));
            }
        }
        System.out.printf("%-10s %12s %12s %8s %16s %14s%n", "entry", "JSON-P ns", "hand ns", "ratio",
                "of a report", "of a batch item");
        for (TraceEntry entry : List.of(matched, nearMiss)) {
            long platform = Long.MAX_VALUE;
            long hand = Long.MAX_VALUE;
            for (int round = 0; round < ROUNDS; round++) {
                platform = Math.min(platform, time(() -> TraceEntryJson.of(entry)));
                hand = Math.min(hand, time(() -> HandWritten.of(entry)));
            }
            double p = (double) platform / PER_ROUND;
            double h = (double) hand / PER_ROUND;
            System.out.printf("%-10s %12.0f %12.0f %8.2f %15.2f%% %13.1f%%%n", entry == matched ? "matched" : "near miss",
                    p, h, p / h, 100 * (p - h) / INGESTION_REQUEST_NS, 100 * (p - h) / BATCH_ENTRY_NS);
        }
        System.out.println("best of " + ROUNDS + " rounds of " + PER_ROUND + " entries each, rounds alternating");
    }

    private static TraceEntry entry(ConfigurationSnapshot snapshot, String redirectUri, String resource) {
        AuthorizationReport report = new AuthorizationReport(Instant.parse("2026-11-30T10:30:00.123Z"), "bootstrap",
                "req-1", "203.0.113.7", AuthorizationRequest.of(redirectUri, resource, "client \"one\""));
        return new TraceEntry("01JDX6Q0Z8K3M2N4P5R6S7T8V9", 42, report, Resolver.resolve(report.request(), snapshot),
                null);
    }

    private static long time(java.util.function.Supplier<String> write) {
        long start = System.nanoTime();
        int length = 0;
        for (int i = 0; i < PER_ROUND; i++) {
            length += write.get().length();
        }
        long elapsed = System.nanoTime() - start;
        sink += length;
        return elapsed;
    }

    /** The writer issue 11 replaced: JSON text appended straight to a StringBuilder. */
    static final class HandWritten {

        static String of(TraceEntry entry) {
            JsonText json = new JsonText(1024);
            write(json, entry);
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

    static final class JsonText {

        private static final int MAX_DEPTH = 32;

        private final StringBuilder out;
        /** Whether the container at each depth still awaits its first member, so no comma goes before it. */
        private final boolean[] first = new boolean[MAX_DEPTH];
        private int depth = -1;

        JsonText(int capacity) {
            out = new StringBuilder(capacity);
        }

        JsonText writeStartObject() {
            return open('{');
        }

        JsonText writeStartObject(String name) {
            name(name);
            return push('{');
        }

        JsonText writeStartArray() {
            return open('[');
        }

        JsonText writeStartArray(String name) {
            name(name);
            return push('[');
        }

        JsonText writeEnd() {
            // the closing bracket matches what was opened: arrays and objects never share a depth
            out.append(closing[depth]);
            depth--;
            return this;
        }

        JsonText write(String name, String value) {
            name(name);
            string(value);
            return this;
        }

        JsonText write(String name, long value) {
            name(name);
            out.append(value);
            return this;
        }

        JsonText write(String name, boolean value) {
            name(name);
            out.append(value);
            return this;
        }

        JsonText writeNull(String name) {
            name(name);
            out.append("null");
            return this;
        }

        /** An array element. */
        JsonText write(String value) {
            comma();
            string(value);
            return this;
        }

        @Override
        public String toString() {
            return out.toString();
        }

        private final char[] closing = new char[MAX_DEPTH];

        private JsonText open(char bracket) {
            if (depth >= 0) {
                comma();
            }
            return push(bracket);
        }

        private JsonText push(char bracket) {
            out.append(bracket);
            depth++;
            first[depth] = true;
            closing[depth] = bracket == '{' ? '}' : ']';
            return this;
        }

        private void name(String name) {
            comma();
            string(name);
            out.append(':');
        }

        private void comma() {
            if (first[depth]) {
                first[depth] = false;
            } else {
                out.append(',');
            }
        }

        private void string(String s) {
            if (s == null) {
                out.append("null");
                return;
            }
            out.append('"');
            int n = s.length();
            int from = 0;
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                if (c >= 0x20 && c != '"' && c != '\\') {
                    continue;
                }
                out.append(s, from, i);
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    case '\b' -> out.append("\\b");
                    case '\f' -> out.append("\\f");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    default -> {
                        String hex = Integer.toHexString(c);
                        out.append("\\u").append("0000", hex.length(), 4).append(hex);
                    }
                }
                from = i + 1;
            }
            out.append(s, from, n).append('"');
        }
    }
}
