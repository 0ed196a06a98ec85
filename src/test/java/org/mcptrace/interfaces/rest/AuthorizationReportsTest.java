package org.mcptrace.interfaces.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mcptrace.domain.trace.AuthorizationReport;

class AuthorizationReportsTest {

    static final Instant ARRIVAL = Instant.parse("2026-11-27T10:00:00Z");

    static AuthorizationReport read(String json) {
        return AuthorizationReports.one(AuthorizationReports.parse(json, AuthorizationReports.MAX_BODY), ARRIVAL, "gw");
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource(delimiter = '|', value = {
            "not json|400|body",
            "''|400|body",
            "[]|400|body",
            "42|400|body",
            "{}|400|clientIp",
            "{\"clientIp\":null}|400|clientIp",
            "{\"clientIp\":7}|400|clientIp",
            "{\"clientIp\":\"evil.example\"}|400|clientIp",
            "{\"clientIp\":\"10.0.0.1\",\"redirectUri\":5}|400|redirectUri",
            "{\"clientIp\":\"10.0.0.1\",\"resource\":[\"a\"]}|400|resource",
            "{\"clientIp\":\"10.0.0.1\",\"redirect_uri\":\"x\"}|400|redirect_uri",
            "{\"clientIp\":\"10.0.0.1\",\"receivedAt\":\"yesterday\"}|400|receivedAt",
            "{\"clientIp\":\"10.0.0.1\",\"receivedAt\":\"2026-11-27T10:00:00\"}|400|receivedAt",
            "{\"clientIp\":\"10.0.0.1\",\"authorizationQuery\":\"a=b\",\"redirectUri\":\"x\"}|400|authorizationQuery",
            "{\"clientIp\":\"10.0.0.1\",\"authorizationQuery\":\"a=b\",\"resource\":null}|400|authorizationQuery"})
    void refusesStructurallyBadReports(String json, int status, String field) {
        ProblemException problem = assertThrows(ProblemException.class, () -> read(json));
        assertEquals(status, problem.problem().status());
        assertEquals(field, problem.problem().field());
    }

    @Test
    void acceptsWellFormedReportsWhateverTheirUris() {
        AuthorizationReport report = read("{\"clientIp\":\"10.0.0.1\",\"redirectUri\":\"javascript:alert(1)\",\"resource\":\"#\","
                + "\"requestId\":\"r-1\",\"clientId\":\"c\",\"receivedAt\":\"2026-11-27T11:22:33.456+01:00\"}");
        assertEquals("javascript:alert(1)", report.request().redirectUri());
        assertEquals("#", report.request().resource());
        assertEquals(Instant.parse("2026-11-27T10:22:33.456Z"), report.receivedAt());
        assertEquals("r-1", report.requestId());
        assertEquals("gw", report.gatewayId());
    }

    @Test
    void defaultsReceivedAtToArrival() {
        assertEquals(ARRIVAL, read("{\"clientIp\":\"::1\"}").receivedAt());
    }

    @Test
    void readsTheRawQueryDecodingOnce() {
        AuthorizationReport report = read("{\"clientIp\":\"::1\",\"authorizationQuery\":\"response_type=code&client_id=abc"
                + "&redirect_uri=http%3A%2F%2F127.0.0.1%3A5000%2Fcb%252F&resource=https%3A%2F%2Fa.example%2Fmcp&resource=x\"}");
        assertEquals(List.of("http://127.0.0.1:5000/cb%2F"), report.request().redirectUris());
        assertEquals(List.of("https://a.example/mcp", "x"), report.request().resources());
        assertEquals("abc", report.request().clientId());
    }

    @Test
    void refusesOversizedBodiesAndStrings() {
        String big = "{\"clientIp\":\"::1\",\"redirectUri\":\"" + "a".repeat(70_000) + "\"}";
        assertEquals(413, assertThrows(ProblemException.class, () -> read(big)).problem().status());
        String longString = "{\"clientIp\":\"::1\",\"redirectUri\":\"" + "a".repeat(8_193) + "\"}";
        ProblemException problem = assertThrows(ProblemException.class, () -> read(longString));
        assertEquals("redirectUri", problem.problem().field());
    }

    @Test
    void judgesABatchWholeBeforeTracingAny() {
        String batch = "[{\"clientIp\":\"::1\"},{\"clientIp\":\"::1\"},{\"clientIp\":\"nope\"}]";
        ProblemException problem = assertThrows(ProblemException.class,
                () -> AuthorizationReports.batch(AuthorizationReports.parse(batch, 1 << 20), ARRIVAL, null));
        assertEquals("[2].clientIp", problem.problem().field());
        String tooMany = "[" + String.join(",", java.util.Collections.nCopies(1001, "{\"clientIp\":\"::1\"}")) + "]";
        assertEquals(413, assertThrows(ProblemException.class,
                () -> AuthorizationReports.batch(AuthorizationReports.parse(tooMany, 1 << 24), ARRIVAL, null)).problem().status());
        assertEquals(3, AuthorizationReports.batch(AuthorizationReports.parse(
                "[{\"clientIp\":\"::1\"},{\"clientIp\":\"10.0.0.1\"},{\"clientIp\":\"::1\",\"resource\":\"x\"}]", 1 << 20),
                ARRIVAL, null).size());
    }
}
