package org.mcptrace.interfaces.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URL;
import java.net.http.HttpRequest;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mcptrace.testing.Api;
import org.mcptrace.testing.Deployments;

/**
 * Every query parameter of every resource that takes one: a malformed value is a 400 problem naming the parameter
 * (never a 404 "No such resource", which sends a script author looking for a wrong path), a valid one is answered.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class QueryParametersIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.application();
    }

    @ArquillianResource
    URL base;

    @ParameterizedTest(name = "{0}?{1}={2}")
    @CsvSource(delimiter = '|', value = {
            "api/v1/traces        | limit    | abc",
            "api/v1/traces        | limit    | -5",
            "api/v1/traces        | limit    | 0",
            "api/v1/traces        | limit    | 1.5",
            "api/v1/traces        | limit    | 99999999999",
            "api/v1/traces        | limit    | ''",
            "api/v1/traces        | limit    | 10001",
            "api/v1/traces        | severity | LOUD",
            "api/v1/traces        | severity | error,loud",
            "api/v1/traces        | decision | MAYBE",
            "api/v1/traces/export | format   | xml",
            "api/v1/traces/export | severity | LOUD",
            "api/v1/traces/export | decision | MAYBE",
            "api/v1/audit         | limit    | abc",
            "api/v1/audit         | limit    | -5",
            "api/v1/audit         | limit    | 0",
            "api/v1/audit         | limit    | 1001",
            "api/v1/audit         | limit    | 2.5",
    })
    void aMalformedQueryParameterIsA400NamingIt(String path, String parameter, String value) {
        Api.Response answer = new Api(base).get(path + "?" + parameter + "=" + value);
        assertProblemNaming(parameter, answer);
    }

    @ParameterizedTest(name = "stream?{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "severity | LOUD",
            "decision | MAYBE",
    })
    void theStreamRefusesAMalformedFilterBeforeItOpens(String parameter, String value) {
        Api api = new Api(base);
        Api.Response answer = api.send(HttpRequest.newBuilder(api.uri("api/v1/traces/stream?" + parameter + "=" + value))
                .header("Accept", "text/event-stream").GET());
        assertProblemNaming(parameter, answer);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "api/v1/traces?limit=1",
            "api/v1/traces?limit=10000",
            "api/v1/traces?severity=error,warning&decision=denied&q=x&clientWorkload=1&serverWorkload=Docs",
            "api/v1/traces?severity=&decision=",
            "api/v1/traces/export?format=json&severity=info",
            "api/v1/traces/export?format=CSV",
            "api/v1/audit?limit=1",
            "api/v1/audit?limit=1000",
            "api/v1/gateways",
            "api/v1/gateways/rejections",
            "api/v1/config/revision",
    })
    void aValidQueryIsAnswered(String pathAndQuery) {
        Api.Response answer = new Api(base).get(pathAndQuery);
        assertEquals(200, answer.status(), answer.toString());
    }

    private static void assertProblemNaming(String parameter, Api.Response answer) {
        assertEquals(400, answer.status(), answer.toString());
        assertTrue(answer.contentType().startsWith("application/problem+json"), answer.contentType());
        JsonObject problem = answer.json();
        assertEquals(parameter, problem.getString("field"), problem.toString());
        assertTrue(problem.getString("detail").contains(parameter), problem.toString());
    }
}
