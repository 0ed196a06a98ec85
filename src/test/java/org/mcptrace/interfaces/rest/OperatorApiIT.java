package org.mcptrace.interfaces.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.URL;
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

/** Re-evaluation, dry run and export through the API. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class OperatorApiIT {

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

    @Test
    void reEvaluatesAnEntryAsMarkedNewEntry() {
        JsonObject original = api.post("api/v1/authorization-requests", "{\"clientIp\":\"198.51.100.1\",\"requestId\":\"re-1\","
                + "\"redirectUri\":\"http://localhost:5000/cb\",\"resource\":\"https://reeval.example/mcp\"}").json();
        Api.Response again = api.post("api/v1/traces/" + original.getString("id") + "/re-evaluate", "");
        assertEquals(201, again.status(), again.toString());
        JsonObject entry = again.json();
        assertEquals(original.getString("id"), entry.getString("reEvaluationOf"));
        assertTrue(entry.getJsonNumber("sequence").longValue() > original.getJsonNumber("sequence").longValue());
        assertEquals("re-1", entry.getString("requestId"));
        assertEquals(original.getJsonArray("findings"), entry.getJsonArray("findings"), "same configuration, same outcome");
        assertTrue(entry.getJsonArray("changes").isEmpty(), entry.toString());
        assertTrue(again.header("Location").endsWith(entry.getString("id")));
        assertEquals(404, api.post("api/v1/traces/nope-1/re-evaluate", "").status());
    }

    @Test
    void dryRunResolvesLikeLiveResolutionWithoutTracing() {
        String request = "{\"redirectUri\":\"http://evil.example.com/cb\",\"resource\":\"https://mcp.example.com/mcp\"}";
        long before = newest();
        Api.Response dry = api.post("api/v1/authorization-requests/evaluate", request);
        assertEquals(200, dry.status(), dry.toString());
        assertEquals(before, newest(), "a dry run never enters the live view");
        assertTrue(dry.json().isNull("id"));
        JsonObject live = api.post("api/v1/authorization-requests", request.replace("{", "{\"clientIp\":\"::1\",")).json();
        for (String member : List.of("severity", "decision", "findings", "clientWorkload", "serverWorkload", "accessPolicy", "configRevision")) {
            assertEquals(live.get(member), dry.json().get(member), member);
        }
        assertEquals(400, api.post("api/v1/authorization-requests/evaluate", "{\"clientIp\":\"nope\"}").status());
    }

    @Test
    void exportsExactlyTheFilteredEntries() {
        String marker = "export-" + System.nanoTime();
        api.post("api/v1/authorization-requests", "{\"clientIp\":\"198.51.100.2\",\"redirectUri\":\"=HYPERLINK(1)\",\"resource\":\"https://" + marker + ".example/mcp\"}");
        api.post("api/v1/authorization-requests", "{\"clientIp\":\"198.51.100.3\",\"redirectUri\":\"https://claude.ai/api/mcp/auth_callback\",\"resource\":\"https://" + marker + ".example/mcp\"}");
        api.post("api/v1/authorization-requests", "{\"clientIp\":\"198.51.100.4\",\"redirectUri\":\"https://claude.ai/api/mcp/auth_callback\",\"resource\":\"https://other.example/mcp\"}");
        Api.Response csv = api.get("api/v1/traces/export?format=csv&q=" + marker);
        assertEquals(200, csv.status());
        assertTrue(csv.contentType().startsWith("text/csv"), csv.contentType());
        assertTrue(csv.header("Content-Disposition").startsWith("attachment; filename=\"mcptrace-traces-"));
        List<String> lines = csv.body().lines().toList();
        assertEquals(3, lines.size(), csv.body());
        assertTrue(lines.get(0).startsWith("sequence,id,receivedAt,clientIp"));
        assertTrue(lines.get(1).contains("198.51.100.3") && lines.get(2).contains("198.51.100.2"), csv.body());
        assertTrue(lines.get(2).contains("\"'=HYPERLINK(1)\""), "formula defused: " + lines.get(2));

        JsonArray json = api.get("api/v1/traces/export?format=json&q=" + marker).array();
        assertEquals(2, json.size());
        assertEquals(400, api.get("api/v1/traces/export?format=xml").status());
    }

    private long newest() {
        JsonArray newest = api.get("api/v1/traces?limit=1").array();
        return newest.isEmpty() ? 0 : newest.getJsonObject(0).getJsonNumber("sequence").longValue();
    }
}
