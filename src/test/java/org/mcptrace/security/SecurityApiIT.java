package org.mcptrace.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.URL;
import java.net.http.HttpRequest;
import java.util.Collections;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mcptrace.testing.Api;
import org.mcptrace.testing.Deployments;

/** People and gateways through the API: who gets in, who may change what, and what is recorded. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SecurityApiIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.application();
    }

    @ArquillianResource
    URL base;

    Api api;

    @BeforeEach
    void connect() {
        api = new Api(base);
    }

    // ---------------------------------------------------------------- people

    @Test
    void refusesStrangersWithAProblemAndAChallenge() {
        for (String path : new String[] {"api/v1/client-workloads", "api/v1/traces", "api/v1/gateways", "api/v1/audit",
                "api/v1/traces/export?format=json"}) {
            Api.Response refused = api.anonymous().get(path);
            assertEquals(401, refused.status(), path + ": " + refused);
            assertTrue(refused.contentType().startsWith("application/problem+json"), refused.contentType());
            assertTrue(refused.header("WWW-Authenticate").startsWith("Basic"), refused.header("WWW-Authenticate"));
            assertEquals(401, refused.json().getInt("status"));
        }
        assertEquals(401, api.as("operator", "wrong").get("api/v1/client-workloads").status());
        assertEquals(401, api.as("root", "operator").get("api/v1/client-workloads").status());
        assertEquals(401, api.withBearer(Api.GATEWAY_TOKEN).get("api/v1/client-workloads").status(),
                "a gateway token is no key to the console API");
    }

    @Test
    void viewerReadsButChangesNothing() {
        Api viewer = api.asViewer();
        assertEquals(200, viewer.get("api/v1/client-workloads").status());
        assertEquals(200, viewer.get("api/v1/traces").status());
        assertEquals(200, viewer.get("api/v1/gateways").status());
        assertEquals(200, viewer.get("api/v1/audit").status());
        String marker = "viewer" + System.nanoTime();
        Api.Response refused = viewer.post("api/v1/client-workloads", "{\"name\":\"" + marker
                + "\",\"redirectUris\":[\"https://" + marker + ".example.com/cb\"]}");
        assertEquals(403, refused.status(), refused.toString());
        assertTrue(refused.contentType().startsWith("application/problem+json"), refused.toString());
        assertEquals("Only an operator may change this; viewer may only read.", refused.json().getString("detail"),
                "refused by the resource's @RolesAllowed, before the service's own check");
        assertTrue(viewer.get("api/v1/client-workloads").body().indexOf(marker) < 0, "nothing was created");

        JsonObject created = api.post("api/v1/client-workloads", "{\"name\":\"" + marker + "\",\"redirectUris\":[\"https://"
                + marker + ".example.com/cb\"]}").json();
        long id = created.getJsonNumber("id").longValue();
        assertEquals(403, viewer.put("api/v1/client-workloads/" + id, "{\"version\":" + created.getInt("version")
                + ",\"name\":\"x\",\"redirectUris\":[\"https://x.example.com/cb\"],\"active\":true}").status());
        assertEquals(403, viewer.delete("api/v1/client-workloads/" + id).status());
        assertEquals(403, viewer.post("api/v1/server-workloads", "{\"name\":\"s" + marker
                + "\",\"resourceUrl\":\"https://" + marker + ".example.com/mcp\"}").status());
        assertEquals(403, viewer.post("api/v1/access-policies", "{\"name\":\"p\",\"clientWorkloadId\":1,\"serverWorkloadId\":1}").status());
        assertEquals(403, viewer.post("api/v1/gateways", "{\"name\":\"g" + marker + "\"}").status());
        assertEquals(403, viewer.delete("api/v1/gateways/1").status());

        String entry = api.post("api/v1/authorization-requests", "{\"clientIp\":\"::1\",\"resource\":\"https://" + marker
                + ".example.com/mcp\"}").json().getString("id");
        assertEquals(403, viewer.post("api/v1/traces/" + entry + "/re-evaluate", "").status(),
                "re-evaluation adds an entry: an operator action");
        assertEquals(200, viewer.post("api/v1/authorization-requests/evaluate", "{\"resource\":\"https://" + marker
                + ".example.com/mcp\"}").status(), "a dry run changes nothing, so a viewer may");
        assertEquals(401, viewer.send(HttpRequest.newBuilder(api.uri("api/v1/authorization-requests"))
                .header("Content-Type", "application/json").header("Authorization", viewer.authorization())
                .POST(HttpRequest.BodyPublishers.ofString("{\"clientIp\":\"::1\"}"))).status(),
                "people do not report; gateways do");
        assertEquals(200, api.get("api/v1/client-workloads/" + id).status(), "the operator's workload is untouched");
    }

    // ---------------------------------------------------------------- gateways

    @Test
    void gatewayTokensAreShownOnceWorkUntilRevokedAndNameTheEntries() {
        String name = "gw-" + System.nanoTime();
        Api.Response registered = api.post("api/v1/gateways", "{\"name\":\"" + name + "\"}");
        assertEquals(201, registered.status(), registered.toString());
        assertNotNull(registered.header("Location"));
        JsonObject gateway = registered.json();
        String token = gateway.getString("token");
        assertEquals(name, gateway.getString("name"));
        assertTrue(token.matches("[A-Za-z0-9_-]{43}"), "32 random bytes, base64url: " + token);
        long id = gateway.getJsonNumber("id").longValue();

        Api asGateway = api.withBearer(token);
        String marker = "gwm" + System.nanoTime();
        Api.Response reported = asGateway.post("api/v1/authorization-requests", "{\"clientIp\":\"198.51.100.4\","
                + "\"resource\":\"https://" + marker + ".example.com/mcp\"}");
        assertEquals(201, reported.status(), reported.toString());
        assertEquals(name, reported.json().getString("gatewayId"));
        assertEquals(200, asGateway.post("api/v1/authorization-requests/batch", "[{\"clientIp\":\"::1\"},{\"clientIp\":\"::1\"}]").status());
        assertEquals(401, asGateway.get("api/v1/traces").status(), "a gateway token only reports");

        JsonObject listed = find(api.get("api/v1/gateways").array(), name);
        assertFalse(listed.containsKey("token") && !listed.isNull("token"), "never the token again: " + listed);
        assertFalse(api.get("api/v1/gateways").body().contains(token));
        assertEquals(3, listed.getJsonNumber("requestCount").longValue());
        assertFalse(listed.isNull("lastSeen"));
        assertFalse(listed.getBoolean("revoked"));

        assertEquals(409, api.post("api/v1/gateways", "{\"name\":\"" + name.toUpperCase() + "\"}").status());
        assertEquals(400, api.post("api/v1/gateways", "{\"name\":\"\"}").status());
        assertEquals(400, api.post("api/v1/gateways", "{\"name\":\"x\",\"token\":\"mine\"}").status());

        JsonObject before = api.get("api/v1/gateways/rejections").json();
        assertEquals(200, api.delete("api/v1/gateways/" + id).status());
        Api.Response revoked = asGateway.post("api/v1/authorization-requests", "{\"clientIp\":\"::1\",\"resource\":\"https://r"
                + marker + ".example.com/mcp\"}");
        assertEquals(401, revoked.status());
        assertTrue(revoked.header("WWW-Authenticate").startsWith("Bearer"), revoked.header("WWW-Authenticate"));
        assertTrue(revoked.json().getString("detail").contains("revoked"), revoked.body());
        assertTrue(find(api.get("api/v1/gateways").array(), name).getBoolean("revoked"));
        JsonObject after = api.get("api/v1/gateways/rejections").json();
        assertEquals(before.getInt("revoked-token") + 1, after.getInt("revoked-token"));
        assertEquals(0, api.get("api/v1/traces?q=r" + marker).array().size(), "nothing traced");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"missing-token,", "unknown-token,Bearer nope", "missing-token,Basic b3BlcmF0b3I6b3BlcmF0b3I=",
            "unknown-token,Bearer " + "dev-gateway-token-but-longer"})
    void refusesReportsWithoutAValidTokenAndCountsThem(String reason, String authorization) {
        String marker = "tok" + System.nanoTime();
        int before = api.get("api/v1/gateways/rejections").json().getInt(reason);
        HttpRequest.Builder request = HttpRequest.newBuilder(api.uri("api/v1/authorization-requests"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"clientIp\":\"::1\",\"resource\":\"https://" + marker + ".example.com/mcp\"}"));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        Api.Response refused = api.anonymous().send(request);
        assertEquals(401, refused.status(), refused.toString());
        assertTrue(refused.contentType().startsWith("application/problem+json"));
        assertTrue(refused.header("WWW-Authenticate").startsWith("Bearer"));
        assertEquals("Authorization", refused.json().getString("field"));
        assertEquals(before + 1, api.get("api/v1/gateways/rejections").json().getInt(reason));
        assertEquals(0, api.get("api/v1/traces?q=" + marker).array().size(), "nothing traced");
    }

    // ---------------------------------------------------------------- cross-site writes

    @Test
    void refusesCrossSiteWritesAndForms() {
        String marker = "csrf" + System.nanoTime();
        String body = "{\"name\":\"" + marker + "\",\"resourceUrl\":\"https://" + marker + ".example.com/mcp\"}";
        Api.Response foreign = api.send(HttpRequest.newBuilder(api.uri("api/v1/server-workloads"))
                .header("Content-Type", "application/json").header("Origin", "https://evil.example")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertEquals(403, foreign.status(), foreign.toString());
        Api.Response fetchSite = api.send(HttpRequest.newBuilder(api.uri("api/v1/server-workloads"))
                .header("Content-Type", "application/json").header("Sec-Fetch-Site", "cross-site")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertEquals(403, fetchSite.status(), fetchSite.toString());
        Api.Response form = api.send(HttpRequest.newBuilder(api.uri("api/v1/server-workloads"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("name=" + marker)));
        assertEquals(415, form.status(), form.toString());
        assertFalse(api.get("api/v1/server-workloads").body().contains(marker), "nothing created");
        String host = api.uri("/").getAuthority();
        Api.Response sameOrigin = api.send(HttpRequest.newBuilder(api.uri("api/v1/server-workloads"))
                .header("Content-Type", "application/json").header("Origin", "http://" + host)
                .header("Sec-Fetch-Site", "same-origin").POST(HttpRequest.BodyPublishers.ofString(body)));
        assertEquals(201, sameOrigin.status(), sameOrigin.toString());
    }

    // ---------------------------------------------------------------- headers

    @Test
    void everyResponseCarriesTheSecurityHeaders() {
        for (Api.Response response : new Api.Response[] {api.get("api/v1/traces"), api.anonymous().get("login.xhtml"),
                api.anonymous().get("api/v1/traces"), api.anonymous().get("")}) {
            assertEquals("nosniff", response.header("X-Content-Type-Options"), response.toString());
            assertEquals("DENY", response.header("X-Frame-Options"));
            assertEquals("same-origin", response.header("Referrer-Policy"));
            String csp = String.join(" | ", response.raw().headers().allValues("Content-Security-Policy"));
            assertTrue(csp.contains("frame-ancestors 'none'"), csp);
        }
        Api.Response page = api.anonymous().get("login.xhtml");
        String csp = String.join(" | ", page.raw().headers().allValues("Content-Security-Policy"));
        assertTrue(csp.matches(".*script-src 'self' 'nonce-[^']+'.*"), "pages allow only own and nonce'd scripts: " + csp);
        assertFalse(csp.contains("unsafe-eval") || csp.matches(".*script-src[^;|]*unsafe-inline.*"), csp);
        assertTrue(String.join(" ", api.get("api/v1/traces").raw().headers().allValues("Content-Security-Policy"))
                .contains("default-src 'none'"));
    }

    // ---------------------------------------------------------------- accountability

    @Test
    void recordsEveryChangeWithWhoWhenAndBeforeAfter() {
        String marker = "audit" + System.nanoTime();
        JsonObject created = api.post("api/v1/server-workloads", "{\"name\":\"" + marker + "\",\"description\":\"first\","
                + "\"resourceUrl\":\"https://" + marker + ".example.com/mcp\"}").json();
        long id = created.getJsonNumber("id").longValue();
        assertEquals(200, api.put("api/v1/server-workloads/" + id, "{\"version\":" + created.getInt("version") + ",\"name\":\""
                + marker + "\",\"description\":\"second\",\"resourceUrl\":\"https://" + marker + ".example.com/mcp\",\"active\":true}").status());
        assertEquals(204, api.delete("api/v1/server-workloads/" + id).status());
        assertEquals(201, api.post("api/v1/gateways", "{\"name\":\"" + marker + "\"}").status());
        assertEquals(403, api.asViewer().post("api/v1/gateways", "{\"name\":\"v" + marker + "\"}").status());

        JsonArray trail = api.asViewer().get("api/v1/audit?limit=20").array();
        JsonObject register = trail.getJsonObject(0);
        assertEquals("register", register.getString("action"));
        assertEquals("Gateway", register.getString("objectKind"));
        assertEquals(marker, register.getString("objectName"));
        assertEquals("operator", register.getString("actor"));
        assertFalse(register.getString("after").contains("token"), "no secret in the trail");
        JsonObject delete = trail.getJsonObject(1);
        assertEquals("delete", delete.getString("action"));
        assertTrue(delete.getString("before").contains("second"));
        assertFalse(delete.containsKey("after") && !delete.isNull("after"), delete.toString());
        JsonObject update = trail.getJsonObject(2);
        assertEquals("update", update.getString("action"));
        assertEquals("Server Workload", update.getString("objectKind"));
        assertEquals(id, update.getJsonNumber("objectId").longValue());
        assertTrue(update.getString("before").contains("\"description\":\"first\""), update.toString());
        assertTrue(update.getString("after").contains("\"description\":\"second\""), update.toString());
        JsonObject create = trail.getJsonObject(3);
        assertEquals("create", create.getString("action"));
        assertFalse(create.containsKey("before") && !create.isNull("before"), create.toString());
        assertTrue(trail.getJsonObject(0).getJsonNumber("id").longValue() > create.getJsonNumber("id").longValue(), "newest first");
        assertNotNull(create.getString("at"));
        assertFalse(api.get("api/v1/audit").body().contains("v" + marker), "a refused change leaves no record");
    }

    // ---------------------------------------------------------------- bad input

    @Test
    void refusesOversizedReportsNamingTheField() {
        String big = "x".repeat(8 * 1024 + 1);
        Api.Response longString = api.post("api/v1/authorization-requests", "{\"clientIp\":\"::1\",\"requestId\":\"" + big + "\"}");
        assertEquals(400, longString.status());
        assertEquals("requestId", longString.json().getString("field"));
        Api.Response exactly = api.post("api/v1/authorization-requests", "{\"clientIp\":\"::1\",\"requestId\":\"" + big.substring(1) + "\"}");
        assertEquals(201, exactly.status(), "8 KiB is allowed");

        String huge = "{\"clientIp\":\"::1\",\"requestId\":\"" + "y".repeat(64 * 1024) + "\"}";
        Api.Response tooLarge = api.post("api/v1/authorization-requests", huge);
        assertEquals(413, tooLarge.status());
        assertEquals("body", tooLarge.json().getString("field"));
        assertTrue(tooLarge.contentType().startsWith("application/problem+json"));

        Api.Response array = api.post("api/v1/authorization-requests", "[1,2]");
        assertEquals(400, array.status());
        assertEquals("body", array.json().getString("field"));
        Api.Response number = api.post("api/v1/authorization-requests/batch", "[{\"clientIp\":\"::1\"}, 7]");
        assertEquals(400, number.status());
        assertEquals("[1]", number.json().getString("field"));
        Api.Response tooMany = api.post("api/v1/authorization-requests/batch",
                "[" + String.join(",", Collections.nCopies(1001, "{\"clientIp\":\"::1\"}")) + "]");
        assertEquals(413, tooMany.status());
        assertEquals("body", tooMany.json().getString("field"));
    }

    private static JsonObject find(JsonArray gateways, String name) {
        return gateways.stream().map(v -> v.asJsonObject()).filter(g -> name.equals(g.getString("name"))).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not listed: " + gateways));
    }

}
