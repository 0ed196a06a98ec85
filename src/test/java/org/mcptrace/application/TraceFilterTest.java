package org.mcptrace.application;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mcptrace.domain.resolution.AccessPolicySnapshot;
import org.mcptrace.domain.resolution.AuthorizationRequest;
import org.mcptrace.domain.resolution.ClientWorkloadSnapshot;
import org.mcptrace.domain.resolution.ConfigurationSnapshot;
import org.mcptrace.domain.resolution.Decision;
import org.mcptrace.domain.resolution.Resolver;
import org.mcptrace.domain.resolution.ServerWorkloadSnapshot;
import org.mcptrace.domain.resolution.Severity;
import org.mcptrace.domain.trace.AuthorizationReport;
import org.mcptrace.domain.trace.TraceEntry;

class TraceFilterTest {

    static final ConfigurationSnapshot CONFIG = ConfigurationSnapshot.of(7,
            List.of(new ClientWorkloadSnapshot(1, "Claude", true, List.of("https://claude.ai/api/mcp/auth_callback"))),
            List.of(new ServerWorkloadSnapshot(2, "Docs MCP", true, "https://mcp.example.com/mcp")),
            List.of(new AccessPolicySnapshot(3, "Claude to Docs", true, 1, 2)));

    static TraceEntry entry(String redirectUri, String resource, String clientIp) {
        AuthorizationReport report = new AuthorizationReport(Instant.EPOCH, null, null, clientIp,
                AuthorizationRequest.of(redirectUri, resource, null));
        return new TraceEntry("x-1", 1, report, Resolver.resolve(report.request(), CONFIG), null);
    }

    static final TraceEntry ALLOWED = entry("https://claude.ai/api/mcp/auth_callback", "https://mcp.example.com/mcp", "10.1.2.3");
    static final TraceEntry WARNED = entry("https://claude.ai/api/mcp/auth_callback", "https://mcp.example.com/mcp/", "10.1.2.4");
    static final TraceEntry DENIED = entry("http://localhost:5555/cb", "https://mcp.example.com/mcp", "2001:db8::1");

    @ParameterizedTest(name = "severity={0} decision={1} client={2} server={3} q={4} -> {5}{6}{7}")
    @CsvSource(nullValues = "-", value = {
            "-,       -,       -,      -,          -,            true,  true,  true",
            "INFO,    -,       -,      -,          -,            true,  false, false",
            "WARNING, -,       -,      -,          -,            false, true,  false",
            "ERROR,   -,       -,      -,          -,            false, false, true",
            "-,       DENIED,  -,      -,          -,            false, false, true",
            "-,       ALLOWED, -,      -,          -,            true,  true,  false",
            "-,       -,       claude, -,          -,            true,  true,  false",
            "-,       -,       1,      -,          -,            true,  true,  false",
            "-,       -,       9,      -,          -,            false, false, false",
            "-,       -,       -,      Docs MCP,   -,            true,  true,  true",
            "-,       -,       -,      2,          -,            true,  true,  true",
            "-,       -,       -,      -,          LOCALHOST,    false, false, true",
            "-,       -,       -,      -,          10.1.2.4,     false, true,  false",
            "-,       -,       -,      -,          2001:db8,     false, false, true",
            "-,       -,       -,      -,          example.com/mcp/, false, true, false",
            "ERROR,   -,       -,      -,          10.1.2,       false, false, false"})
    void matches(Severity severity, Decision decision, String client, String server, String q,
                 boolean allowed, boolean warned, boolean denied) {
        TraceFilter filter = new TraceFilter(severity == null ? Set.of() : Set.of(severity), client, server,
                decision == null ? Set.of() : Set.of(decision), q);
        assertEquals(List.of(allowed, warned, denied), List.of(filter.test(ALLOWED), filter.test(WARNED), filter.test(DENIED)));
    }

    @Test
    void blankCriteriaAreNoCriteria() {
        assertEquals(true, new TraceFilter(null, " ", "", null, "  ").isEmpty());
    }
}
