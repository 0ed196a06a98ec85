package org.mcptrace.interfaces.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mcptrace.domain.resolution.AccessPolicySnapshot;
import org.mcptrace.domain.resolution.AuthorizationRequest;
import org.mcptrace.domain.resolution.ClientWorkloadSnapshot;
import org.mcptrace.domain.resolution.ConfigurationSnapshot;
import org.mcptrace.domain.resolution.RedirectUris;
import org.mcptrace.domain.resolution.Resolution;
import org.mcptrace.domain.resolution.ResourceUrls;
import org.mcptrace.domain.resolution.Resolver;
import org.mcptrace.domain.resolution.ServerWorkloadSnapshot;

/**
 * Generated hostile input against everything a gateway's report reaches before anything is traced: report parsing,
 * query parsing, URI checks and the resolver. Whatever comes in, the answer is a trace or a problem document (a
 * {@link ProblemException} with a 4xx status), never another exception. Seeded, so a failure reproduces.
 */
public class HostileInputFuzzTest {

    public static final long SEED = 20261127L;
    static final int ROUNDS = 20_000;
    static final String[] PIECES = {"http://", "https://", "127.0.0.1", "[::1]", "localhost", ":", "//", "/", "?", "#",
            "%", "%2", "%zz", "%00", "&", "=", "redirect_uri", "resource", "client_id", "\"", "'", "\\", "<script>",
            "\"><script>window.__pwned=1</script>", "<img src=x onerror=window.__pwned=2>", "javascript:", "data:",
            "\u202e", "\u0000", "\u0007", "\n", "\r\n", "\t", "\ud800", "\udc00", "\uffff", "é", "𝄞", "[", "]", "@",
            "user:pass@", " ", "{", "}", ",", "null", "true", "7", "-1", "1e309", "\u2028", "xn--", ".", "..", "%2e%2e",
            "claude.ai", "mcp.example.com", "/mcp", ":65536", ":0", ":-1", "[:::1]", "[fe80::1%25eth0]"};
    static final String[] MEMBERS = {"clientIp", "receivedAt", "redirectUri", "resource", "clientId", "requestId",
            "authorizationQuery", "unknown", "__proto__", ""};

    final Random random = new Random(SEED);
    final ConfigurationSnapshot snapshot = ConfigurationSnapshot.of(3,
            List.of(new ClientWorkloadSnapshot(1, "Claude", true, List.of("https://claude.ai/api/mcp/auth_callback")),
                    new ClientWorkloadSnapshot(2, "Local", true, List.of("http://127.0.0.1/callback"))),
            List.of(new ServerWorkloadSnapshot(1, "Docs", true, "https://mcp.example.com/mcp")),
            List.of(new AccessPolicySnapshot(1, "Claude to Docs", true, 1, 1)));

    @Test
    void resolutionNeverThrows() {
        for (int i = 0; i < ROUNDS; i++) {
            String a = hostile();
            String b = hostile();
            String c = random.nextInt(4) == 0 ? null : hostile();
            try {
                RedirectUris.problem(a);
                RedirectUris.conflictKey(a);
                ResourceUrls.problem(b);
                ResourceUrls.canonical(b);
                IpLiterals.isValid(a);
                Resolution direct = Resolver.resolve(AuthorizationRequest.of(a, b, c), snapshot);
                assertNotNull(direct.severity());
                Resolution query = Resolver.resolve(AuthorizationRequest.fromQuery(a + "&redirect_uri=" + b + "&resource=" + c), snapshot);
                assertNotNull(query.severity());
            } catch (RuntimeException e) {
                fail("round " + i + " threw for " + printable(a) + " / " + printable(b) + " / " + printable(c), e);
            }
        }
    }

    @Test
    void reportParsingAnswersATraceOrAProblem() {
        int problems = 0;
        for (int i = 0; i < ROUNDS; i++) {
            String body = random.nextInt(3) == 0 ? hostile() : report(random.nextInt(3) == 0);
            try {
                JsonValue value = AuthorizationReports.parse(body, AuthorizationReports.MAX_BODY);
                if (value.getValueType() == JsonValue.ValueType.ARRAY) {
                    AuthorizationReports.batch(value, Instant.now(), "fuzz").forEach(r -> Resolver.resolve(r.request(), snapshot));
                } else {
                    Resolver.resolve(AuthorizationReports.one(value, Instant.now(), "fuzz").request(), snapshot);
                }
            } catch (ProblemException e) {
                problems++;
                int status = e.problem().status();
                assertTrue(status == 400 || status == 413, "status " + status);
                assertNotNull(e.problem().field(), "a problem names the field: " + e.problem());
            } catch (RuntimeException e) {
                fail("round " + i + " threw for body " + printable(body), e);
            }
        }
        assertTrue(problems > ROUNDS / 10 && problems < ROUNDS * 9 / 10,
                "the generator produces both good and bad reports: " + problems + " of " + ROUNDS + " refused");
    }

    @Test
    void theSameSeedGivesTheSameInput() {
        assertEquals(new HostileInputFuzzTest().hostile(), new HostileInputFuzzTest().hostile());
    }

    public String hostile() {
        StringBuilder text = new StringBuilder();
        int parts = random.nextInt(12);
        for (int i = 0; i < parts; i++) {
            switch (random.nextInt(4)) {
                case 0 -> text.append((char) random.nextInt(0x10000));
                case 1 -> text.append(Integer.toString(random.nextInt(70000)));
                default -> text.append(PIECES[random.nextInt(PIECES.length)]);
            }
        }
        if (random.nextInt(200) == 0) {
            text.append("z".repeat(8 * 1024 + random.nextInt(3) - 1));
        }
        return text.toString();
    }

    public String report(boolean batch) {
        if (batch) {
            StringBuilder items = new StringBuilder("[");
            int n = random.nextInt(5);
            for (int i = 0; i < n; i++) {
                items.append(i == 0 ? "" : ",").append(report(false));
            }
            return items.append(random.nextInt(20) == 0 ? "" : "]").toString();
        }
        if (random.nextBoolean()) {
            // well-formed, hostile only in content: these must be traced, not refused
            return "{\"clientIp\":\"203.0.113." + random.nextInt(256) + "\",\"redirectUri\":\"" + escape(hostile())
                    + "\",\"resource\":\"" + escape(hostile()) + "\",\"requestId\":\"" + escape(hostile()) + "\"}";
        }
        StringBuilder json = new StringBuilder("{");
        int members = random.nextInt(5);
        for (int i = 0; i < members; i++) {
            String name = random.nextInt(6) == 0 ? MEMBERS[random.nextInt(MEMBERS.length)]
                    : MEMBERS[random.nextInt(7)];
            json.append(i == 0 ? "" : ",").append('"').append(name).append("\":").append(value(name));
        }
        return json.append(random.nextInt(30) == 0 ? "" : "}").toString();
    }

    private String value(String member) {
        return switch (random.nextInt(8)) {
            case 0 -> "7";
            case 1 -> "null";
            case 2 -> "[\"" + escape(hostile()) + "\"]";
            case 3 -> member.equals("clientIp") ? "\"203.0.113." + random.nextInt(300) + "\"" : "\"" + escape(hostile()) + "\"";
            case 4 -> "\"2026-11-27T10:00:00Z\"";
            default -> "\"" + escape(hostile()) + "\"";
        };
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder();
        text.chars().forEach(c -> {
            if (c == '"' || c == '\\') {
                out.append('\\').append((char) c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.append((char) c);
            }
        });
        return out.toString();
    }

    private static String printable(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder();
        text.chars().limit(300).forEach(c -> out.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return out.toString();
    }
}
