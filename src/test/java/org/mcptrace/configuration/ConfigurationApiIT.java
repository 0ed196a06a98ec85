package org.mcptrace.configuration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mcptrace.testing.Api;
import org.mcptrace.testing.Deployments;
import org.mcptrace.testing.EmbeddedDatabase;

/** The configuration REST API end to end: CRUD, every validation and conflict rule, locking, revision, events. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ConfigurationApiIT {

    private static final String CLIENTS = "/api/v1/client-workloads";
    private static final String SERVERS = "/api/v1/server-workloads";
    private static final String POLICIES = "/api/v1/access-policies";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.application().addClasses(ConfigurationProbe.class, ConfigurationProbe.Seen.class,
                ConfigurationProbeResource.class);
    }

    @ArquillianResource
    URL base;

    Api api;
    // the test server's database outlives a run, so every name and URI carries a per-test tag
    String tag;

    @BeforeEach
    void setUp() {
        api = new Api(base);
        tag = Long.toString(System.nanoTime(), 36);
    }

    // ------------------------------------------------------------------ CRUD

    @Test
    void clientWorkloadLifecycle() {
        Api.Response created = api.post(CLIENTS, client("VS Code " + tag, "https://vscode.dev/redirect/" + tag,
                "http://127.0.0.1:33418/" + tag).add("description", "the editor").build().toString());
        assertEquals(201, created.status(), created.toString());
        JsonObject body = created.json();
        long id = body.getJsonNumber("id").longValue();
        assertEquals(api.uri(CLIENTS + "/" + id), URI.create(created.header("Location")));
        assertEquals("VS Code " + tag, body.getString("name"));
        assertEquals("the editor", body.getString("description"));
        assertEquals(List.of("https://vscode.dev/redirect/" + tag, "http://127.0.0.1:33418/" + tag),
                body.getJsonArray("redirectUris").getValuesAs(jakarta.json.JsonString::getString));
        assertTrue(body.getBoolean("active"));
        int version = body.getInt("version");

        Api.Response read = api.get(created.header("Location"));
        assertEquals(200, read.status());
        assertEquals(body, read.json());
        // the resources declare JSON on their shared base class, which JAX-RS must honour for them
        assertEquals(406, api.send(HttpRequest.newBuilder(api.uri(CLIENTS + "/" + id)).header("Accept", "text/plain")
                .GET()).status());
        assertTrue(api.get(CLIENTS).array().stream().anyMatch(v -> v.asJsonObject().getJsonNumber("id").longValue() == id));

        Api.Response updated = api.put(CLIENTS + "/" + id, client("VS Code " + tag, "https://vscode.dev/redirect/" + tag)
                .add("active", false).add("version", version).add("id", id).build().toString());
        assertEquals(200, updated.status(), updated.toString());
        assertFalse(updated.json().getBoolean("active"));
        assertEquals(1, updated.json().getJsonArray("redirectUris").size());
        assertTrue(updated.json().getInt("version") > version);

        Api.Response stale = api.put(CLIENTS + "/" + id, client("Stale " + tag, "https://vscode.dev/redirect/" + tag)
                .add("active", true).add("version", version).build().toString());
        assertProblem(stale, 409, "version");
        assertEquals("VS Code " + tag, api.get(CLIENTS + "/" + id).json().getString("name"), "stale update must not write");

        assertEquals(204, api.delete(CLIENTS + "/" + id).status());
        assertProblem(api.get(CLIENTS + "/" + id), 404, "id");
    }

    @Test
    void serverWorkloadLifecycle() {
        Api.Response created = api.post(SERVERS, server("Docs " + tag, "https://mcp.example.com/" + tag + "/mcp")
                .build().toString());
        assertEquals(201, created.status(), created.toString());
        JsonObject body = created.json();
        long id = body.getJsonNumber("id").longValue();
        assertEquals(api.uri(SERVERS + "/" + id), URI.create(created.header("Location")));
        assertEquals("https://mcp.example.com/" + tag + "/mcp", body.getString("resourceUrl"));
        assertEquals("", body.getString("description"));
        assertTrue(body.getBoolean("active"));
        int version = body.getInt("version");
        assertEquals(body, api.get(SERVERS + "/" + id).json());

        Api.Response updated = api.put(SERVERS + "/" + id, server("Docs renamed " + tag,
                "https://mcp.example.com/" + tag + "/v2").add("active", true).add("version", version).build().toString());
        assertEquals(200, updated.status(), updated.toString());
        assertEquals("Docs renamed " + tag, updated.json().getString("name"));
        assertEquals("https://mcp.example.com/" + tag + "/v2", updated.json().getString("resourceUrl"));

        assertProblem(api.put(SERVERS + "/" + id, server("Docs " + tag, "https://mcp.example.com/" + tag + "/v3")
                .add("active", true).add("version", version).build().toString()), 409, "version");

        assertEquals(204, api.delete(SERVERS + "/" + id).status());
        assertProblem(api.get(SERVERS + "/" + id), 404, "id");
    }

    @Test
    void accessPolicyLifecycle() {
        long client = createClient("Claude " + tag, "https://claude.ai/api/mcp/auth_callback/" + tag);
        long server = createServer("Tools " + tag, "https://tools.example.com/" + tag);
        long otherServer = createServer("Other " + tag, "https://other.example.com/" + tag);

        Api.Response created = api.post(POLICIES, policy("Claude to Tools " + tag, client, server).build().toString());
        assertEquals(201, created.status(), created.toString());
        JsonObject body = created.json();
        long id = body.getJsonNumber("id").longValue();
        assertEquals(api.uri(POLICIES + "/" + id), URI.create(created.header("Location")));
        assertEquals(client, body.getJsonNumber("clientWorkloadId").longValue());
        assertEquals("Claude " + tag, body.getString("clientWorkloadName"));
        assertEquals(server, body.getJsonNumber("serverWorkloadId").longValue());
        assertEquals("Tools " + tag, body.getString("serverWorkloadName"));
        assertTrue(body.getBoolean("active"));
        assertEquals(body, api.get(POLICIES + "/" + id).json());

        // a document read with GET can be sent back with PUT, names included
        JsonObject changed = Json.createObjectBuilder(body).add("serverWorkloadId", otherServer).add("active", false)
                .build();
        Api.Response updated = api.put(POLICIES + "/" + id, changed.toString());
        assertEquals(200, updated.status(), updated.toString());
        assertEquals("Other " + tag, updated.json().getString("serverWorkloadName"));
        assertFalse(updated.json().getBoolean("active"));

        assertProblem(api.put(POLICIES + "/" + id, body.toString()), 409, "version");

        assertEquals(204, api.delete(POLICIES + "/" + id).status());
        assertProblem(api.get(POLICIES + "/" + id), 404, "id");
        // once the policy is gone the workloads may go too
        assertEquals(204, api.delete(CLIENTS + "/" + client).status());
        assertEquals(204, api.delete(SERVERS + "/" + server).status());
    }

    // ------------------------------------------------------------------ validation

    @Test
    void invalidClientWorkloadsAreRefusedNamingTheField() {
        String ok = "https://ok.example.com/" + tag;
        assertProblem(api.post(CLIENTS, Json.createObjectBuilder().add("redirectUris", uris(ok)).build().toString()),
                400, "name");
        assertProblem(api.post(CLIENTS, client("  ", ok).build().toString()), 400, "name");
        assertProblem(api.post(CLIENTS, Json.createObjectBuilder().add("name", "n" + tag).build().toString()), 400,
                "redirectUris");
        assertProblem(api.post(CLIENTS, client("n" + tag).build().toString()), 400, "redirectUris");
        assertProblem(api.post(CLIENTS, client("n" + tag, "/relative/callback").build().toString()), 400,
                "redirectUris[0]");
        assertProblem(api.post(CLIENTS, client("n" + tag, ok, "https://app.example.com/cb#frag").build().toString()),
                400, "redirectUris[1]");
        assertProblem(api.post(CLIENTS, client("n" + tag, "https://user:pw@app.example.com/cb").build().toString()),
                400, "redirectUris[0]");
        Api.Response plainHttp = api.post(CLIENTS, client("n" + tag, "http://evil.example.com/cb").build().toString());
        assertProblem(plainHttp, 400, "redirectUris[0]");
        assertTrue(plainHttp.json().getString("detail").contains("loopback"), plainHttp.toString());
        assertProblem(api.post(CLIENTS, client("n" + tag, "javascript:alert(1)").build().toString()), 400,
                "redirectUris[0]");
        assertProblem(api.post(CLIENTS, client("n" + tag, "http://127.0.0.1:1000/" + tag, "http://127.0.0.1:2000/" + tag)
                .build().toString()), 400, "redirectUris[1]");
        assertProblem(api.post(CLIENTS, client("n" + tag, ok).add("colour", "blue").build().toString()), 400, "colour");
        assertProblem(api.post(CLIENTS, client("n" + tag, ok).add("active", "yes").build().toString()), 400, "active");
        assertProblem(api.post(CLIENTS, Json.createObjectBuilder().add("name", "n" + tag)
                .add("redirectUris", Json.createArrayBuilder().add(ok).add(7)).build().toString()), 400, "redirectUris[1]");
        assertProblem(api.post(CLIENTS, "{\"name\": "), 400, "body");
        assertProblem(api.post(CLIENTS, "[]"), 400, "body");

        // loopback http and private-use schemes are fine
        long id = createClient("n" + tag, "http://localhost/" + tag, "cursor://anysphere.cursor-mcp/" + tag);
        JsonObject current = api.get(CLIENTS + "/" + id).json();
        JsonObject withoutVersion = Json.createObjectBuilder(current).remove("version").build();
        assertProblem(api.put(CLIENTS + "/" + id, withoutVersion.toString()), 400, "version");
        JsonObject withoutActive = Json.createObjectBuilder(current).remove("active").build();
        assertProblem(api.put(CLIENTS + "/" + id, withoutActive.toString()), 400, "active");
        JsonObject otherId = Json.createObjectBuilder(current).add("id", id + 1000).build();
        assertProblem(api.put(CLIENTS + "/" + id, otherId.toString()), 400, "id");
        assertEquals(204, api.delete(CLIENTS + "/" + id).status());
    }

    @Test
    void invalidServerWorkloadsAreRefusedNamingTheField() {
        assertProblem(api.post(SERVERS, Json.createObjectBuilder().add("name", "s" + tag).build().toString()), 400,
                "resourceUrl");
        assertProblem(api.post(SERVERS, server("", "https://x.example.com/" + tag).build().toString()), 400, "name");
        assertProblem(api.post(SERVERS, server("s" + tag, "mcp.example.com/mcp").build().toString()), 400,
                "resourceUrl");
        assertProblem(api.post(SERVERS, server("s" + tag, "https://mcp.example.com/mcp#x").build().toString()), 400,
                "resourceUrl");
        assertProblem(api.post(SERVERS, server("s" + tag, "https://user@mcp.example.com/mcp").build().toString()), 400,
                "resourceUrl");
        assertProblem(api.post(SERVERS, server("s" + tag, "ftp://mcp.example.com/mcp").build().toString()), 400,
                "resourceUrl");
        assertProblem(api.post(SERVERS, server("s" + tag, "https://mcp.example.com/" + tag).add("resource", "x")
                .build().toString()), 400, "resource");
    }

    @Test
    void invalidAccessPoliciesAreRefusedNamingTheField() {
        long client = createClient("pc" + tag, "https://pc.example.com/" + tag);
        long server = createServer("ps" + tag, "https://ps.example.com/" + tag);
        assertProblem(api.post(POLICIES, Json.createObjectBuilder().add("name", "p" + tag).add("serverWorkloadId", server)
                .build().toString()), 400, "clientWorkloadId");
        assertProblem(api.post(POLICIES, Json.createObjectBuilder().add("name", "p" + tag).add("clientWorkloadId", client)
                .build().toString()), 400, "serverWorkloadId");
        assertProblem(api.post(POLICIES, policy("p" + tag, 999_999_999L, server).build().toString()), 400,
                "clientWorkloadId");
        assertProblem(api.post(POLICIES, policy("p" + tag, client, 999_999_999L).build().toString()), 400,
                "serverWorkloadId");
        assertProblem(api.post(POLICIES, policy("", client, server).build().toString()), 400, "name");
        assertProblem(api.post(POLICIES, Json.createObjectBuilder().add("name", "p" + tag).add("clientWorkloadId", "one")
                .add("serverWorkloadId", server).build().toString()), 400, "clientWorkloadId");
    }

    // ------------------------------------------------------------------ uniqueness

    @Test
    void clientWorkloadConflictsNameTheOtherWorkload() {
        long vscode = createClient("VS Code " + tag, "http://127.0.0.1:33418/" + tag, "https://vscode.dev/" + tag);

        Api.Response sameName = api.post(CLIENTS, client("vs code " + tag, "https://elsewhere.example.com/" + tag)
                .build().toString());
        assertProblem(sameName, 409, "name");
        assertTrue(sameName.json().getString("detail").contains("'VS Code " + tag + "'"), sameName.toString());

        Api.Response sameUri = api.post(CLIENTS, client("Other " + tag, "https://other.example.com/" + tag,
                "https://vscode.dev/" + tag).build().toString());
        assertProblem(sameUri, 409, "redirectUris[1]");
        assertTrue(sameUri.json().getString("detail").contains("'VS Code " + tag + "'"), sameUri.toString());

        Api.Response loopback = api.post(CLIENTS, client("Other " + tag, "http://127.0.0.1:5000/" + tag).build()
                .toString());
        assertProblem(loopback, 409, "redirectUris[0]");
        String detail = loopback.json().getString("detail");
        assertTrue(detail.contains("http://127.0.0.1:33418/" + tag) && detail.contains("'VS Code " + tag + "'")
                && detail.contains("port"), detail);

        // a different loopback host literal is a different URI under R2
        long other = createClient("Other " + tag, "http://localhost:5000/" + tag);
        // an update is checked against the others, not against itself
        JsonObject current = api.get(CLIENTS + "/" + vscode).json();
        assertEquals(200, api.put(CLIENTS + "/" + vscode, current.toString()).status());
        JsonObject stealing = Json.createObjectBuilder(api.get(CLIENTS + "/" + other).json())
                .add("redirectUris", uris("http://127.0.0.1/" + tag)).build();
        assertProblem(api.put(CLIENTS + "/" + other, stealing.toString()), 409, "redirectUris[0]");
    }

    @Test
    void serverWorkloadConflictsNameTheOtherWorkload() {
        createServer("Docs " + tag, "https://mcp.example.com/" + tag + "/mcp");

        Api.Response sameName = api.post(SERVERS, server("DOCS " + tag, "https://docs2.example.com/" + tag).build()
                .toString());
        assertProblem(sameName, 409, "name");
        assertTrue(sameName.json().getString("detail").contains("'Docs " + tag + "'"), sameName.toString());

        for (String equivalent : List.of("https://mcp.example.com/" + tag + "/mcp",
                "HTTPS://MCP.EXAMPLE.COM/" + tag + "/mcp", "https://mcp.example.com:443/" + tag + "/mcp/")) {
            Api.Response conflict = api.post(SERVERS, server("Copy " + tag, equivalent).build().toString());
            assertProblem(conflict, 409, "resourceUrl");
            assertTrue(conflict.json().getString("detail").contains("'Docs " + tag + "'"), conflict.toString());
        }
        // path case is significant, so this is another server
        assertTrue(createServer("Upper " + tag, "https://mcp.example.com/" + tag + "/MCP") > 0);
    }

    @Test
    void secondPolicyForAPairConflicts() {
        long client = createClient("c" + tag, "https://c.example.com/" + tag);
        long server = createServer("s" + tag, "https://s.example.com/" + tag);
        long first = createPolicy("first " + tag, client, server);
        Api.Response second = api.post(POLICIES, policy("second " + tag, client, server).build().toString());
        assertProblem(second, 409, "serverWorkloadId");
        assertTrue(second.json().getString("detail").contains("'first " + tag + "'"), second.toString());
        Api.Response sameName = api.post(POLICIES, policy("FIRST " + tag, client,
                createServer("s2" + tag, "https://s2.example.com/" + tag)).build().toString());
        assertProblem(sameName, 409, "name");
        assertTrue(first > 0);
    }

    @Test
    void workloadsInUseCannotBeDeleted() {
        long client = createClient("c" + tag, "https://c.example.com/" + tag);
        long server = createServer("s" + tag, "https://s.example.com/" + tag);
        long policy = createPolicy("Pinned " + tag, client, server);

        Api.Response clientRefused = api.delete(CLIENTS + "/" + client);
        assertProblem(clientRefused, 409, null);
        assertTrue(clientRefused.json().getString("detail").contains("'Pinned " + tag + "'"), clientRefused.toString());
        Api.Response serverRefused = api.delete(SERVERS + "/" + server);
        assertProblem(serverRefused, 409, null);
        assertTrue(serverRefused.json().getString("detail").contains("'Pinned " + tag + "'"), serverRefused.toString());
        assertEquals(200, api.get(CLIENTS + "/" + client).status());

        assertEquals(204, api.delete(POLICIES + "/" + policy).status());
        assertEquals(204, api.delete(CLIENTS + "/" + client).status());
        assertEquals(204, api.delete(SERVERS + "/" + server).status());
    }

    @Test
    void unknownIdsAnswer404() {
        for (String collection : List.of(CLIENTS, SERVERS, POLICIES)) {
            assertProblem(api.get(collection + "/987654321"), 404, "id");
            assertProblem(api.delete(collection + "/987654321"), 404, "id");
        }
        assertProblem(api.put(CLIENTS + "/987654321", client("x" + tag, "https://x.example.com/" + tag)
                .add("active", true).add("version", 1).build().toString()), 404, "id");
        assertProblem(api.put(SERVERS + "/987654321", server("x" + tag, "https://x.example.com/" + tag)
                .add("active", true).add("version", 1).build().toString()), 404, "id");
        assertProblem(api.put(POLICIES + "/987654321", policy("x" + tag, 1, 1).add("active", true).add("version", 1)
                .build().toString()), 404, "id");
    }

    // ------------------------------------------------------------------ revision and events

    @Test
    void everyChangeIncrementsTheRevisionAndRefusalsDoNot() {
        long start = revision();
        long client = createClient("r" + tag, "https://r.example.com/" + tag);
        assertEquals(start + 1, revision());
        long server = createServer("r" + tag, "https://r.example.com/" + tag);
        assertEquals(start + 2, revision());
        long policy = createPolicy("r" + tag, client, server);
        assertEquals(start + 3, revision());
        JsonObject current = api.get(CLIENTS + "/" + client).json();
        assertEquals(200, api.put(CLIENTS + "/" + client, Json.createObjectBuilder(current).add("active", false).build()
                .toString()).status());
        assertEquals(start + 4, revision());

        assertEquals(409, api.put(CLIENTS + "/" + client, current.toString()).status());
        assertEquals(400, api.post(CLIENTS, client("", "x").build().toString()).status());
        assertEquals(409, api.delete(SERVERS + "/" + server).status());
        assertEquals(start + 4, revision(), "refused changes leave the revision alone");

        assertEquals(204, api.delete(POLICIES + "/" + policy).status());
        assertEquals(start + 5, revision());
        assertEquals(204, api.delete(SERVERS + "/" + server).status());
        assertEquals(204, api.delete(CLIENTS + "/" + client).status());
        assertEquals(start + 7, revision());
    }

    @Test
    void observersSeeTheCommittedChange() {
        createClient("Observed " + tag, "https://observed.example.com/" + tag);
        long revision = revision();
        List<JsonObject> seen = api.get("/api/test/configuration-probe").array().getValuesAs(JsonObject.class);
        for (String style : List.of("plain", "afterSuccess")) {
            JsonObject last = seen.stream().filter(s -> s.getJsonNumber("eventRevision").longValue() == revision)
                    .filter(s -> s.getString("style").startsWith(style)).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + style + " event for revision " + revision + ": " + seen));
            assertEquals(style, last.getString("style"));
            assertEquals(revision, last.getJsonNumber("snapshotRevision").longValue(), last.toString());
            assertTrue(last.getJsonArray("clientNames").getValuesAs(jakarta.json.JsonString::getString)
                    .contains("Observed " + tag), last.toString());
        }
    }

    /**
     * A managed Arquillian container cannot restart the server mid-test, so this checks the precondition of surviving a
     * restart: the objects are rows in an H2 database kept in a file (not in memory) that exists on disk. The restart
     * itself is checked by hand, see docs/configuration-model.md.
     */
    @Test
    void configurationIsStoredInTheDatabaseFile() {
        createClient("Stored " + tag, "https://stored.example.com/" + tag);
        JsonObject database = api.get("/api/test/configuration-probe/database").json();
        String url = database.getString("url");
        if (EmbeddedDatabase.running() != null) {
            // the PostgreSQL execution: the server's data source is the test's PostgreSQL, not a file
            assertEquals(EmbeddedDatabase.url(EmbeddedDatabase.running()), url.replace("localhost", "127.0.0.1"));
        } else {
            assertTrue(url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:h2:mem:"), url);
            String file = url.substring("jdbc:h2:".length()).replaceFirst("^file:", "").replaceFirst(";.*", "");
            assertTrue(new java.io.File(file + ".mv.db").isFile(), file + ".mv.db");
        }
        assertEquals(api.get(CLIENTS).array().size(), database.getJsonNumber("clientWorkloads").longValue());
    }

    @Test
    void healthReportsTheDatabase() {
        URI root = api.uri("/").resolve("/");
        Api.Response ready = api.send(HttpRequest.newBuilder(root.resolve("/health/ready")).GET());
        assertEquals(200, ready.status(), ready.toString());
        assertTrue(ready.json().getJsonArray("checks").stream()
                .anyMatch(c -> c.asJsonObject().getString("name").equals("database")
                        && c.asJsonObject().getString("status").equals("UP")), ready.toString());
        assertTrue(ready.json().getJsonArray("checks").stream()
                .allMatch(c -> c.asJsonObject().getString("status").equals("UP")), ready.toString());
        Api.Response live = api.send(HttpRequest.newBuilder(root.resolve("/health/live")).GET());
        assertEquals(200, live.status(), live.toString());
        assertEquals("UP", live.json().getString("status"));
        assertTrue(live.json().getJsonArray("checks").stream()
                .anyMatch(c -> c.asJsonObject().getString("name").equals("application")), live.toString());
    }

    // ------------------------------------------------------------------ helpers

    private long revision() {
        Api.Response response = api.get("/api/v1/config/revision");
        assertEquals(200, response.status(), response.toString());
        return response.json().getJsonNumber("revision").longValue();
    }

    private long createClient(String name, String... redirectUris) {
        return created(api.post(CLIENTS, client(name, redirectUris).build().toString()));
    }

    private long createServer(String name, String resourceUrl) {
        return created(api.post(SERVERS, server(name, resourceUrl).build().toString()));
    }

    private long createPolicy(String name, long client, long server) {
        return created(api.post(POLICIES, policy(name, client, server).build().toString()));
    }

    private static long created(Api.Response response) {
        assertEquals(201, response.status(), response.toString());
        return response.json().getJsonNumber("id").longValue();
    }

    private static JsonObjectBuilder client(String name, String... redirectUris) {
        return Json.createObjectBuilder().add("name", name).add("redirectUris", uris(redirectUris));
    }

    private static JsonArrayBuilder uris(String... uris) {
        JsonArrayBuilder array = Json.createArrayBuilder();
        for (String uri : uris) {
            array.add(uri);
        }
        return array;
    }

    private static JsonObjectBuilder server(String name, String resourceUrl) {
        return Json.createObjectBuilder().add("name", name).add("resourceUrl", resourceUrl);
    }

    private static JsonObjectBuilder policy(String name, long client, long server) {
        return Json.createObjectBuilder().add("name", name).add("clientWorkloadId", client).add("serverWorkloadId", server);
    }

    static void assertProblem(Api.Response response, int status, String field) {
        assertEquals(status, response.status(), response.toString());
        assertNotNull(response.contentType(), response.toString());
        assertTrue(response.contentType().startsWith("application/problem+json"), response.contentType());
        JsonObject problem = response.json();
        assertEquals(status, problem.getInt("status"), response.toString());
        assertFalse(problem.getString("title", "").isBlank(), response.toString());
        assertFalse(problem.getString("detail", "").isBlank(), response.toString());
        if (field == null) {
            assertTrue(!problem.containsKey("field") || problem.get("field") == JsonValue.NULL, response.toString());
        } else {
            assertEquals(field, problem.getString("field", null), response.toString());
        }
    }
}
