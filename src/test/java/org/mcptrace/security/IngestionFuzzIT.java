package org.mcptrace.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.http.HttpRequest;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mcptrace.interfaces.rest.HostileInputFuzzTest;
import org.mcptrace.testing.Api;
import org.mcptrace.testing.Deployments;

/**
 * Two thousand generated reports, well-formed, malformed and hostile, against the running ingestion endpoints: every
 * answer is a trace or a problem document, never a 500, and the server keeps serving.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class IngestionFuzzIT {

    static final Set<Integer> EXPECTED = Set.of(200, 201, 400, 413, 415);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.application();
    }

    @ArquillianResource
    URL base;

    @Test
    void answersEveryGeneratedReportWithoutAServerError() {
        Api api = new Api(base);
        HostileInputFuzzTest generator = new HostileInputFuzzTest();
        Random random = new Random(HostileInputFuzzTest.SEED);
        String[] contentTypes = {"application/json", "application/json", "application/json", "application/json; charset=utf-8",
                "text/plain", "application/x-www-form-urlencoded", "application/json; charset=iso-8859-1"};
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (int i = 0; i < 2000; i++) {
            boolean batch = random.nextInt(4) == 0;
            String body = random.nextInt(3) == 0 ? generator.hostile() : generator.report(batch);
            String contentType = contentTypes[random.nextInt(contentTypes.length)];
            Api.Response answer = api.send(HttpRequest.newBuilder(api.uri(batch ? "api/v1/authorization-requests/batch"
                    : "api/v1/authorization-requests")).header("Content-Type", contentType)
                    .POST(HttpRequest.BodyPublishers.ofString(body)));
            statuses.merge(answer.status(), 1, Integer::sum);
            assertTrue(EXPECTED.contains(answer.status()), "report " + i + " (" + contentType + "): " + answer);
            if (answer.status() >= 400) {
                assertTrue(answer.contentType().startsWith("application/problem+json"), "report " + i + ": " + answer.contentType());
            }
        }
        assertTrue(statuses.getOrDefault(201, 0) > 100 && statuses.getOrDefault(400, 0) > 100, statuses.toString());
        assertEquals(200, api.get("api/v1/traces?limit=1").status(), "still serving");
        assertEquals(201, api.post("api/v1/authorization-requests", "{\"clientIp\":\"::1\"}").status(), "still tracing");
    }
}
