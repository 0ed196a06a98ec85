package org.mcptrace.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
 * An operator's log shows only what deserves attention: requests the application refuses, as it should, leave no
 * FFDC incident file and no warning in messages.log. Liberty writes both from its own code, so only a test against the
 * real server sees them.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class OperatorLogIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.application();
    }

    @ArquillianResource
    URL base;

    @Test
    void refusedRequestsLeaveNoIncidentOrWarning() throws IOException {
        Path logs = Path.of(System.getProperty("it.server.dir", "target/liberty/wlp/usr/servers/mcptraceIT"), "logs");
        List<Path> incidentsBefore = incidents(logs);
        long logBefore = Files.size(logs.resolve("messages.log"));
        Api api = new Api(base);
        String name = "log-" + System.nanoTime();

        // refused by the configuration rules, inside the services' transactions
        assertEquals(400, api.post("api/v1/client-workloads", "{\"name\":\"\",\"redirectUris\":[\"https://"
                + name + ".example/cb\"]}").status());
        assertEquals(201, api.post("api/v1/client-workloads", "{\"name\":\"" + name + "\",\"redirectUris\":[\"https://"
                + name + ".example/cb\"]}").status());
        assertEquals(409, api.post("api/v1/client-workloads", "{\"name\":\"" + name.toUpperCase() + "\",\"redirectUris\":"
                + "[\"https://other-" + name + ".example/cb\"]}").status());
        assertEquals(404, api.get("api/v1/server-workloads/987654321").status());
        assertEquals(400, api.post("api/v1/access-policies", "{\"name\":\"" + name + "\"}").status());
        // the same for gateways, whose registry has transactions of its own
        assertEquals(201, api.post("api/v1/gateways", "{\"name\":\"" + name + "\"}").status());
        assertEquals(409, api.post("api/v1/gateways", "{\"name\":\"" + name.toUpperCase() + "\"}").status());
        assertEquals(404, api.put("api/v1/gateways/987654321", "{\"mode\":\"enforce\"}").status());
        assertEquals(404, api.delete("api/v1/gateways/987654321").status());
        // refused by authentication
        assertEquals(401, api.withBearer("not-a-token").post("api/v1/authorization-requests",
                "{\"clientIp\":\"203.0.113.1\"}").status());
        assertEquals(401, api.as("operator", "wrong").get("api/v1/client-workloads").status());
        // what the refusals do not log must not hide what is logged: a traced request after them still works
        assertEquals(201, api.withBearer(Api.GATEWAY_TOKEN).post("api/v1/authorization-requests",
                "{\"clientIp\":\"203.0.113.1\"}").status());

        assertEquals(incidentsBefore, incidents(logs), "no FFDC incident for a refused request");
        String logged;
        try (var in = Files.newInputStream(logs.resolve("messages.log"))) {
            in.skipNBytes(logBefore);
            logged = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        assertTrue(logged.lines().noneMatch(l -> l.contains(" W ") || l.contains(" E ") || l.contains("FFDC")),
                "no warning or error for a refused request:\n" + logged);
    }

    @Test
    void startingLogsNothingAnOperatorCannotActOn() throws IOException {
        Path log = Path.of(System.getProperty("it.server.dir", "target/liberty/wlp/usr/servers/mcptraceIT"), "logs",
                "messages.log");
        // each of these was logged on every start once: Flyway's E line while its callback location had no
        // flyway.location marker (on Liberty it cannot list a class-path directory otherwise), the OpenAPI document's
        // validation warning (operations without a success response), and Liberty's note on the implicit bean
        // archives turned off in server.xml. An operator takes a W or E at start for a fault.
        try (Stream<String> lines = Files.lines(log)) {
            List<String> noise = lines.filter(l -> l.contains(" E ") && l.contains("flyway")
                    || l.contains(" W CWWKO1651W") || l.contains(" W CWOWB1009W")).toList();
            assertEquals(List.of(), noise);
        }
    }

    private static List<Path> incidents(Path logs) throws IOException {
        Path ffdc = logs.resolve("ffdc");
        if (!Files.isDirectory(ffdc)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(ffdc)) {
            return files.sorted().toList();
        }
    }
}
