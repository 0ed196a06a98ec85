package org.mcptrace.interfaces.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mcptrace.testing.Api;
import org.mcptrace.testing.Deployments;

/**
 * Live resolution through the API against a configuration with many workloads: real MCP client redirect URI shapes,
 * every rule, malformed input and raw query forms give the severities, workloads, policies, decisions and findings
 * the rules define.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ResolutionApiIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.application();
    }

    @ArquillianResource
    URL base;

    Api api;
    final String run = Long.toString(System.nanoTime(), 36);
    final Map<String, Long> ids = new HashMap<>();

    record Case(String redirectUri, String resource, String severity, String client, String clientRule, String server,
                String serverRule, String policy, List<String> codes) {
    }

    private long create(String path, String json, String name) {
        Api.Response created = api.post(path, json);
        assertEquals(201, created.status(), created.toString());
        long id = created.json().getJsonNumber("id").longValue();
        ids.put(name, id);
        return id;
    }

    private long client(String name, boolean active, String... uris) {
        var array = Json.createArrayBuilder();
        Stream.of(uris).forEach(array::add);
        return create("api/v1/client-workloads", Json.createObjectBuilder().add("name", name + " " + run).add("description", "test")
                .add("redirectUris", array).add("active", active).build().toString(), name);
    }

    private long server(String name, boolean active, String url) {
        return create("api/v1/server-workloads", Json.createObjectBuilder().add("name", name + " " + run).add("description", "test")
                .add("resourceUrl", url).add("active", active).build().toString(), name);
    }

    private void policy(String name, String client, String server, boolean active) {
        create("api/v1/access-policies", Json.createObjectBuilder().add("name", name + " " + run)
                .add("clientWorkloadId", ids.get(client)).add("serverWorkloadId", ids.get(server)).add("active", active).build().toString(), name);
    }

    @Test
    void resolvesEveryRuleAgainstAManyWorkloadConfiguration() {
        api = new Api(base);
        String h = "h" + run + ".example";   // a host of this run's own, so other tests' workloads never interfere
        // background: many workloads the requests must not be confused by
        for (int i = 0; i < 60; i++) {
            client("Filler client " + i, true, "https://app" + i + "." + h + "/cb", "http://127.0.0.1:" + (20000 + i) + "/filler" + i + "/" + run);
            server("Filler server " + i, true, "https://mcp" + i + "." + h + "/mcp");
        }
        client("Claude", true, "https://claude.ai/api/mcp/auth_callback?run=" + run);
        client("Claude Code", true, "http://127.0.0.1/callback/" + run);
        client("VS Code", true, "http://127.0.0.1:33418/" + run + "/", "https://vscode.dev/redirect?run=" + run);
        client("Cursor", true, "cursor://anysphere.cursor-mcp/oauth/callback/" + run);
        client("Inspector", true, "http://localhost:6274/oauth/callback/" + run);
        client("IPv6 CLI", true, "http://[::1]/cb/" + run);
        client("Retired", false, "https://retired." + h + "/cb");
        server("Docs", true, "https://docs." + h + "/mcp");
        server("Tools A", true, "https://multi." + h + "/a/mcp");
        server("Tools B", true, "https://multi." + h + "/b/mcp");
        server("Parked", false, "https://parked." + h + "/mcp");
        policy("Claude to Docs", "Claude", "Docs", true);
        policy("Code to Docs", "Claude Code", "Docs", true);
        policy("VS Code to Docs", "VS Code", "Docs", false);
        policy("Cursor to Docs", "Cursor", "Docs", true);
        policy("Inspector to Docs", "Inspector", "Docs", true);
        policy("IPv6 to Docs", "IPv6 CLI", "Docs", true);
        policy("Retired to Docs", "Retired", "Docs", true);
        policy("Claude to Parked", "Claude", "Parked", true);
        policy("Claude to Tools A", "Claude", "Tools A", true);

        String docs = "https://docs." + h + "/mcp";
        List<Case> cases = List.of(
                new Case("https://claude.ai/api/mcp/auth_callback?run=" + run, docs, "INFO", "Claude", "EXACT", "Docs", "EXACT",
                        "Claude to Docs", List.of("CLIENT_MATCHED", "SERVER_MATCHED", "POLICY_ACTIVE")),
                new Case("http://127.0.0.1:53682/callback/" + run, docs, "INFO", "Claude Code", "LOOPBACK", "Docs", "EXACT",
                        "Code to Docs", List.of("CLIENT_MATCHED", "SERVER_MATCHED", "POLICY_ACTIVE")),
                new Case("http://localhost:53682/callback/" + run, docs, "ERROR", null, null, "Docs", "EXACT", null,
                        List.of("CLIENT_NO_MATCH", "SERVER_MATCHED", "POLICY_NOT_EVALUATED")),
                new Case("http://127.0.0.1:59656/" + run + "/", docs, "ERROR", "VS Code", "LOOPBACK", "Docs", "EXACT",
                        "VS Code to Docs", List.of("CLIENT_MATCHED", "SERVER_MATCHED", "POLICY_INACTIVE")),
                new Case("cursor://anysphere.cursor-mcp/oauth/callback/" + run, "HTTPS://DOCS." + h.toUpperCase() + "/mcp", "WARNING",
                        "Cursor", "EXACT", "Docs", "CANONICAL", "Cursor to Docs",
                        List.of("CLIENT_MATCHED", "SERVER_MATCHED_NON_CANONICAL", "POLICY_ACTIVE")),
                new Case("http://localhost:6274/oauth/callback/" + run, docs + "/", "WARNING", "Inspector", "EXACT", "Docs",
                        "CANONICAL", "Inspector to Docs", List.of("CLIENT_MATCHED", "SERVER_MATCHED_NON_CANONICAL", "POLICY_ACTIVE")),
                new Case("http://localhost:7777/oauth/callback/" + run, docs, "INFO", "Inspector", "LOOPBACK", "Docs", "EXACT",
                        "Inspector to Docs", List.of("CLIENT_MATCHED", "SERVER_MATCHED", "POLICY_ACTIVE")),
                new Case("http://[::1]:8123/cb/" + run, docs + "/tools", "WARNING", "IPv6 CLI", "LOOPBACK", "Docs", "PATH_BELOW",
                        "IPv6 to Docs", List.of("CLIENT_MATCHED", "SERVER_MATCHED_BY_PATH", "POLICY_ACTIVE")),
                new Case("https://claude.ai/api/mcp/auth_callback?run=" + run, "https://docs." + h, "WARNING", "Claude", "EXACT", "Docs",
                        "PATH_ABOVE", "Claude to Docs", List.of("CLIENT_MATCHED", "SERVER_MATCHED_BY_PATH", "POLICY_ACTIVE")),
                new Case("https://claude.ai/api/mcp/auth_callback?run=" + run, "https://multi." + h, "ERROR", "Claude", "EXACT", null, null,
                        null, List.of("CLIENT_MATCHED", "SERVER_AMBIGUOUS", "POLICY_NOT_EVALUATED")),
                new Case("https://claude.ai/api/mcp/auth_callback?run=" + run, "https://multi." + h + "/a/mcp", "INFO", "Claude", "EXACT",
                        "Tools A", "EXACT", "Claude to Tools A", List.of("CLIENT_MATCHED", "SERVER_MATCHED", "POLICY_ACTIVE")),
                new Case("https://claude.ai/api/mcp/auth_callback?run=" + run, "https://docs." + h + "/mcpx", "ERROR", "Claude", "EXACT",
                        null, null, null, List.of("CLIENT_MATCHED", "SERVER_NO_MATCH", "POLICY_NOT_EVALUATED")),
                new Case("https://claude.ai/api/mcp/auth_callback?run=" + run, "https://parked." + h + "/mcp", "ERROR", "Claude", "EXACT",
                        "Parked", "EXACT", "Claude to Parked", List.of("CLIENT_MATCHED", "SERVER_WORKLOAD_INACTIVE", "POLICY_ACTIVE")),
                new Case("https://retired." + h + "/cb", docs, "ERROR", "Retired", "EXACT", "Docs", "EXACT", "Retired to Docs",
                        List.of("CLIENT_WORKLOAD_INACTIVE", "SERVER_MATCHED", "POLICY_ACTIVE")),
                new Case("https://vscode.dev/redirect?run=" + run, docs, "ERROR", "VS Code", "EXACT", "Docs", "EXACT", "VS Code to Docs",
                        List.of("CLIENT_MATCHED", "SERVER_MATCHED", "POLICY_INACTIVE")),
                new Case("https://app7." + h + "/cb", "https://mcp8." + h + "/mcp", "ERROR", "Filler client 7", "EXACT", "Filler server 8",
                        "EXACT", null, List.of("CLIENT_MATCHED", "SERVER_MATCHED", "POLICY_MISSING")),
                new Case("https://claude.ai/api/mcp/auth_callback/?run=" + run, docs, "ERROR", null, null, "Docs", "EXACT", null,
                        List.of("CLIENT_NO_MATCH", "SERVER_MATCHED", "POLICY_NOT_EVALUATED")),
                new Case("http://evil.example.com/cb", docs, "ERROR", null, null, "Docs", "EXACT", null,
                        List.of("REDIRECT_URI_INVALID", "SERVER_MATCHED", "POLICY_NOT_EVALUATED")),
                new Case(null, docs, "ERROR", null, null, "Docs", "EXACT", null,
                        List.of("REDIRECT_URI_MISSING", "SERVER_MATCHED", "POLICY_NOT_EVALUATED")),
                new Case("https://claude.ai/api/mcp/auth_callback?run=" + run, null, "ERROR", "Claude", "EXACT", null, null, null,
                        List.of("RESOURCE_MISSING", "CLIENT_MATCHED", "POLICY_NOT_EVALUATED")),
                new Case("https://claude.ai/api/mcp/auth_callback?run=" + run, docs + "#x", "ERROR", "Claude", "EXACT", null, null, null,
                        List.of("RESOURCE_INVALID", "CLIENT_MATCHED", "POLICY_NOT_EVALUATED")));

        List<String> failures = new ArrayList<>();
        for (Case c : cases) {
            // every case twice: as JSON members and as the raw authorization query a gateway saw
            check(c, report(c), "json", failures);
            check(c, reportAsQuery(c), "query", failures);
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));

        JsonObject nearMiss = report(cases.stream().filter(c -> ("http://localhost:53682/callback/" + run).equals(c.redirectUri()))
                .findFirst().orElseThrow());
        JsonObject miss = nearMiss.getJsonArray("findings").getJsonObject(0).getJsonArray("nearMisses").getJsonObject(0);
        assertEquals("Claude Code " + run, miss.getString("workloadName"));
        assertTrue(miss.getJsonArray("differences").toString().contains("HOST_ALIAS"), miss.toString());
        assertTrue(nearMiss.getJsonArray("findings").getJsonObject(0).getString("message").contains("Claude Code " + run));

        JsonObject ambiguous = report(cases.stream().filter(c -> c.codes().contains("SERVER_AMBIGUOUS")).findFirst().orElseThrow());
        assertEquals(2, ambiguous.getJsonArray("findings").getJsonObject(1).getJsonArray("nearMisses").size(), ambiguous.toString());
    }

    @Test
    void theEntryAfterASaveReflectsTheSave() {
        api = new Api(base);
        String uri = "https://after-save." + run + ".example/cb";
        String resource = "https://after-save." + run + ".example/mcp";
        long client = client("After save client", true, "https://before." + run + ".example/cb");
        long server = server("After save server", true, resource);
        policy("After save", "After save client", "After save server", true);
        JsonObject before = report(new Case(uri, resource, null, null, null, null, null, null, List.of()));
        assertEquals("ERROR", before.getString("severity"));

        JsonObject workload = api.get("api/v1/client-workloads/" + client).json();
        Api.Response updated = api.put("api/v1/client-workloads/" + client, Json.createObjectBuilder(workload)
                .add("redirectUris", Json.createArrayBuilder().add("https://before." + run + ".example/cb").add(uri)).build().toString());
        assertEquals(200, updated.status(), updated.toString());
        JsonObject after = report(new Case(uri, resource, null, null, null, null, null, null, List.of()));
        assertEquals("INFO", after.getString("severity"), after.toString());
        assertTrue(after.getJsonNumber("configRevision").longValue() > before.getJsonNumber("configRevision").longValue());

        JsonObject serverJson = api.get("api/v1/server-workloads/" + server).json();
        assertEquals(200, api.put("api/v1/server-workloads/" + server, Json.createObjectBuilder(serverJson).add("active", false)
                .build().toString()).status());
        JsonObject deactivated = report(new Case(uri, resource, null, null, null, null, null, null, List.of()));
        assertEquals("ERROR", deactivated.getString("severity"));
        assertTrue(deactivated.toString().contains("SERVER_WORKLOAD_INACTIVE"), deactivated.toString());
    }

    private JsonObject report(Case c) {
        var body = Json.createObjectBuilder().add("clientIp", "198.51.100.77");
        if (c.redirectUri() != null) {
            body.add("redirectUri", c.redirectUri());
        }
        if (c.resource() != null) {
            body.add("resource", c.resource());
        }
        Api.Response created = api.post("api/v1/authorization-requests", body.build().toString());
        assertEquals(201, created.status(), created.toString());
        return created.json();
    }

    private JsonObject reportAsQuery(Case c) {
        StringBuilder query = new StringBuilder("response_type=code&client_id=test&code_challenge=abc&code_challenge_method=S256");
        if (c.redirectUri() != null) {
            query.append("&redirect_uri=").append(URLEncoder.encode(c.redirectUri(), StandardCharsets.UTF_8));
        }
        if (c.resource() != null) {
            query.append("&resource=").append(URLEncoder.encode(c.resource(), StandardCharsets.UTF_8));
        }
        Api.Response created = api.post("api/v1/authorization-requests", Json.createObjectBuilder()
                .add("clientIp", "2001:db8::77").add("authorizationQuery", query.toString()).build().toString());
        assertEquals(201, created.status(), created.toString());
        return created.json();
    }

    private void check(Case c, JsonObject entry, String form, List<String> failures) {
        String label = form + " " + c.redirectUri() + " / " + c.resource() + ": ";
        expect(failures, label + "severity", c.severity(), entry.getString("severity"));
        expect(failures, label + "decision", "ERROR".equals(c.severity()) ? "DENIED" : "ALLOWED", entry.getString("decision"));
        expect(failures, label + "client", c.client() == null ? null : c.client() + " " + run, name(entry, "clientWorkload"));
        expect(failures, label + "client rule", c.clientRule(), member(entry, "clientWorkload", "rule"));
        expect(failures, label + "server", c.server() == null ? null : c.server() + " " + run, name(entry, "serverWorkload"));
        expect(failures, label + "server rule", c.serverRule(), member(entry, "serverWorkload", "rule"));
        expect(failures, label + "policy", c.policy() == null ? null : c.policy() + " " + run, name(entry, "accessPolicy"));
        List<String> codes = new ArrayList<>();
        entry.getJsonArray("findings").forEach(f -> codes.add(f.asJsonObject().getString("code")));
        expect(failures, label + "findings", c.codes(), codes);
    }

    private static String name(JsonObject entry, String member) {
        return member(entry, member, "name");
    }

    private static String member(JsonObject entry, String member, String field) {
        return entry.isNull(member) ? null : entry.getJsonObject(member).getString(field);
    }

    private static void expect(List<String> failures, String what, Object expected, Object actual) {
        if (!java.util.Objects.equals(expected, actual)) {
            failures.add(what + " expected " + expected + " but was " + actual);
        }
    }
}
