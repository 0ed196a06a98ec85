package org.mcptrace.configuration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mcptrace.configuration.ConfigurationApiIT.assertProblem;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mcptrace.domain.resolution.ClientIdExamples;
import org.mcptrace.testing.Api;
import org.mcptrace.testing.Deployments;

/**
 * Client IDs on Client Workloads through the REST API (step 2a): stored, audited, unique, the old shape still
 * accepted, and every example of the contract's step 2a resolved by a running server, as JSON and as a raw query.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ClientIdsIT {

    private static final String CLIENTS = "/api/v1/client-workloads";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.application();
    }

    @ArquillianResource
    URL base;

    Api api;
    // the test server's database outlives a run, so every name, URI and client ID carries a per-test tag
    String tag;

    @BeforeEach
    void setUp() {
        api = new Api(base);
        tag = Long.toString(System.nanoTime(), 36);
    }

    private static JsonArrayBuilder array(String... values) {
        JsonArrayBuilder array = Json.createArrayBuilder();
        Stream.of(values).forEach(array::add);
        return array;
    }

    private static List<String> strings(JsonObject object, String member) {
        return object.getJsonArray(member).getValuesAs(JsonString::getString);
    }

    private long create(String path, JsonObjectBuilder body) {
        Api.Response created = api.post(path, body.build().toString());
        assertEquals(201, created.status(), created.toString());
        return created.json().getJsonNumber("id").longValue();
    }

    @Test
    void clientIdsAreStoredBesideRedirectUrisAndAudited() {
        String cimd = "https://cli." + tag + ".example/client-metadata.json";
        long id = create(CLIENTS, Json.createObjectBuilder().add("name", "CLI " + tag)
                .add("redirectUris", array("http://127.0.0.1/cb/" + tag)).add("clientIds", array(" " + cimd, "opaque-" + tag)));

        JsonObject read = api.get(CLIENTS + "/" + id).json();
        assertEquals(List.of(cimd, "opaque-" + tag), strings(read, "clientIds"));
        assertEquals(List.of("http://127.0.0.1/cb/" + tag), strings(read, "redirectUris"));
        JsonObject audited = api.get("/api/v1/audit?limit=20").array().stream().map(JsonObject.class::cast)
                .filter(record -> ("CLI " + tag).equals(record.getString("objectName", null))).findFirst().orElseThrow();
        assertTrue(audited.getString("after").contains("\"clientIds\":[\"" + cimd + "\",\"opaque-" + tag + "\"]"),
                audited.toString());

        // an update in the old shape (no clientIds) keeps them; an explicit list replaces them
        Api.Response oldShape = api.put(CLIENTS + "/" + id, Json.createObjectBuilder(read).remove("clientIds")
                .add("description", "edited").build().toString());
        assertEquals(200, oldShape.status(), oldShape.toString());
        assertEquals(List.of(cimd, "opaque-" + tag), strings(oldShape.json(), "clientIds"));
        Api.Response cleared = api.put(CLIENTS + "/" + id, Json.createObjectBuilder(oldShape.json())
                .add("clientIds", array()).build().toString());
        assertEquals(200, cleared.status(), cleared.toString());
        assertEquals(List.of(), strings(cleared.json(), "clientIds"));
        assertEquals(204, api.delete(CLIENTS + "/" + id).status());
    }

    @Test
    void theOldShapeCreatesAWorkloadWithoutClientIds() {
        long id = create(CLIENTS, Json.createObjectBuilder().add("name", "Old " + tag)
                .add("redirectUris", array("https://old." + tag + ".example/cb")).add("active", true));

        assertEquals(List.of(), strings(api.get(CLIENTS + "/" + id).json(), "clientIds"));
    }

    @Test
    void aWorkloadNeedsARedirectUriOrAClientIdAndMayHaveOnlyClientIds() {
        assertProblem(api.post(CLIENTS, Json.createObjectBuilder().add("name", "None " + tag).build().toString()),
                400, "redirectUris");
        assertProblem(api.post(CLIENTS, Json.createObjectBuilder().add("name", "Empty " + tag)
                .add("redirectUris", array()).add("clientIds", array(" ")).build().toString()), 400, "redirectUris");

        long id = create(CLIENTS, Json.createObjectBuilder().add("name", "Only IDs " + tag)
                .add("redirectUris", array()).add("clientIds", array("only-" + tag)));
        assertEquals(List.of(), strings(api.get(CLIENTS + "/" + id).json(), "redirectUris"));
        long noUris = create(CLIENTS, Json.createObjectBuilder().add("name", "No URIs member " + tag)
                .add("clientIds", array("alone-" + tag)));
        assertEquals(List.of("alone-" + tag), strings(api.get(CLIENTS + "/" + noUris).json(), "clientIds"));

        assertProblem(api.post(CLIENTS, Json.createObjectBuilder().add("name", "Bad " + tag)
                .add("clientIds", array("ok-" + tag, "tab\there")).build().toString()), 400, "clientIds[1]");
        assertProblem(api.post(CLIENTS, Json.createObjectBuilder().add("name", "Twice " + tag)
                .add("clientIds", array("twice-" + tag, "twice-" + tag)).build().toString()), 400, "clientIds[1]");
        assertProblem(api.post(CLIENTS, Json.createObjectBuilder().add("name", "Typed " + tag)
                .add("clientIds", Json.createArrayBuilder().add(7)).build().toString()), 400, "clientIds[0]");
    }

    @Test
    void aClientIdBelongsToOneWorkloadOnly() {
        String shared = "https://shared." + tag + ".example/meta";
        create(CLIENTS, Json.createObjectBuilder().add("name", "First " + tag).add("clientIds", array(shared)));

        Api.Response conflict = api.post(CLIENTS, Json.createObjectBuilder().add("name", "Second " + tag)
                .add("redirectUris", array("https://second." + tag + ".example/cb"))
                .add("clientIds", array("other-" + tag, shared)).build().toString());
        assertProblem(conflict, 409, "clientIds[1]");
        assertTrue(conflict.json().getString("detail").contains("'First " + tag + "'"), conflict.toString());

        long second = create(CLIENTS, Json.createObjectBuilder().add("name", "Second " + tag)
                .add("clientIds", array("other-" + tag)));
        JsonObject current = api.get(CLIENTS + "/" + second).json();
        assertProblem(api.put(CLIENTS + "/" + second, Json.createObjectBuilder(current)
                .add("clientIds", array(shared)).build().toString()), 409, "clientIds[0]");
        // a workload keeps its own client ID through an update
        assertEquals(200, api.put(CLIENTS + "/" + second, Json.createObjectBuilder(current).add("active", false)
                .build().toString()).status());
    }

    // ------------------------------------------------------------------ step 2a through the API

    /** The example's value made this test's own, so that workloads other tests left behind never interfere. */
    private String local(String value) {
        return value.replace(ClientIdExamples.A_CLIENT_ID, ClientIdExamples.A_CLIENT_ID + "/" + tag)
                .replace("/callback", "/callback/" + tag).replace("/cb", "/cb/" + tag);
    }

    @Test
    void everyExampleOfStep2aResolvesThroughTheApi() {
        String resource = "https://docs." + tag + ".example/mcp";
        long a = create(CLIENTS, Json.createObjectBuilder().add("name", "A " + tag)
                .add("redirectUris", array(local(ClientIdExamples.A_REDIRECT_URI)))
                .add("clientIds", array(local(ClientIdExamples.A_CLIENT_ID))));
        long b = create(CLIENTS, Json.createObjectBuilder().add("name", "B " + tag)
                .add("redirectUris", array(local(ClientIdExamples.B_REDIRECT_URI))));
        long docs = create("/api/v1/server-workloads", Json.createObjectBuilder().add("name", "Docs " + tag)
                .add("resourceUrl", resource));
        create("/api/v1/access-policies", Json.createObjectBuilder().add("name", "A to Docs " + tag)
                .add("clientWorkloadId", a).add("serverWorkloadId", docs));
        create("/api/v1/access-policies", Json.createObjectBuilder().add("name", "B to Docs " + tag)
                .add("clientWorkloadId", b).add("serverWorkloadId", docs));

        List<String> failures = new ArrayList<>();
        for (ClientIdExamples example : ClientIdExamples.TABLE) {
            String clientId = local(example.clientId());
            String redirectUri = local(example.redirectUri());
            JsonObject asJson = report(Json.createObjectBuilder().add("clientIp", "198.51.100.13")
                    .add("clientId", clientId).add("redirectUri", redirectUri).add("resource", resource));
            JsonObject asQuery = report(Json.createObjectBuilder().add("clientIp", "198.51.100.13")
                    .add("authorizationQuery", "response_type=code&client_id=" + encoded(clientId) + "&redirect_uri="
                            + encoded(redirectUri) + "&resource=" + encoded(resource)
                            + "&code_challenge=abc&code_challenge_method=S256"));
            for (JsonObject entry : List.of(asJson, asQuery)) {
                check(example, entry, failures);
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));

        JsonObject byClientId = report(Json.createObjectBuilder().add("clientIp", "198.51.100.13")
                .add("clientId", local(ClientIdExamples.A_CLIENT_ID))
                .add("redirectUri", "http://127.0.0.1:52163/callback/" + tag).add("resource", resource));
        assertEquals("CLIENT_ID", byClientId.getJsonObject("clientWorkload").getString("rule"));
        assertEquals(local(ClientIdExamples.A_CLIENT_ID),
                byClientId.getJsonObject("clientWorkload").getString("registered"));
    }

    private void check(ClientIdExamples example, JsonObject entry, List<String> failures) {
        String label = example + ": ";
        JsonObject first = entry.getJsonArray("findings").getJsonObject(0);
        expect(failures, label + "finding", example.finding().name(), first.getString("code"));
        expect(failures, label + "workload", example.workload() + " " + tag,
                entry.isNull("clientWorkload") ? null : entry.getJsonObject("clientWorkload").getString("name"));
        expect(failures, label + "severity", example.severity().name(), entry.getString("severity"));
        List<String> codes = entry.getJsonArray("findings").stream()
                .map(finding -> finding.asJsonObject().getString("code")).toList();
        expect(failures, label + "warning", example.warning() != null,
                example.warning() != null && codes.contains(example.warning().name()));
        String differences = first.getJsonArray("nearMisses").isEmpty() ? ""
                : String.join(" ", first.getJsonArray("nearMisses").getJsonObject(0).getJsonArray("differences")
                        .getValuesAs(JsonString::getString));
        expect(failures, label + "near miss", example.differences(), differences);
    }

    private JsonObject report(JsonObjectBuilder body) {
        Api.Response created = api.post("/api/v1/authorization-requests", body.build().toString());
        assertEquals(201, created.status(), created.toString());
        return created.json();
    }

    private static String encoded(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static void expect(List<String> failures, String what, Object expected, Object actual) {
        if (!java.util.Objects.equals(expected, actual)) {
            failures.add(what + " expected " + expected + " but was " + actual);
        }
    }
}
