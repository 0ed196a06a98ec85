package org.mcptrace.domain.resolution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AuthorizationRequestTest {

    /** Expected lists are written with ' ; ' between values, '(empty)' for an empty value, '-' for none. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            response_type=code&client_id=abc&redirect_uri=http%3A%2F%2F127.0.0.1%3A5000%2Fcb&resource=https%3A%2F%2Fmcp.example.com%2Fmcp | http://127.0.0.1:5000/cb | https://mcp.example.com/mcp | abc
            ?redirect_uri=https%3A%2F%2Fa.example.com%2Fcb&resource=https%3A%2F%2Fmcp.example.com                | https://a.example.com/cb | https://mcp.example.com | -
            redirect_uri=https%3A%2F%2Fa.example.com%2Fx%252Fy                                                    | https://a.example.com/x%2Fy | - | -
            redirect_uri=https://a.example.com/cb?x=a+b                                                           | https://a.example.com/cb?x=a b | - | -
            redirect_uri=https%3A%2F%2Fa.example.com%2Fcb%3Fx%3Da%2Bb                                             | https://a.example.com/cb?x=a+b | - | -
            redirect_uri=http%3A%2F%2F127.0.0.1%3A5000%2Fcb&redirect_uri=http%3A%2F%2F127.0.0.1%3A5001%2Fcb      | http://127.0.0.1:5000/cb ; http://127.0.0.1:5001/cb | - | -
            resource=https%3A%2F%2Fa.example.com&resource=https%3A%2F%2Fb.example.com                             | - | https://a.example.com ; https://b.example.com | -
            response_type=code&client_id=only                                                                     | - | - | only
            client_id=first&client_id=second                                                                     | - | - | first
            redirect_uri=https://a.example.com/%zz                                                                | https://a.example.com/%zz | - | -
            redirect_uri=https%3A%2F%2Fa.example.com%2F%zz+x                                                      | https%3A%2F%2Fa.example.com%2F%zz+x | - | -
            redirect_uri=abc%2                                                                                    | abc%2 | - | -
            redirect_uri=%E2%82                                                                                   | %E2%82 | - | -
            redirect_uri=https%3A%2F%2Fa.example.com%2F%C3%A9                                                     | https://a.example.com/é | - | -
            redirect_uri                                                                                          | (empty) | - | -
            redirect_uri=&resource=                                                                               | (empty) | (empty) | -
            redirect%5Furi=https%3A%2F%2Fa.example.com%2Fcb                                                       | https://a.example.com/cb | - | -
            redirect_uri=a=b                                                                                      | a=b | - | -
            &&redirect_uri=x&&                                                                                    | x | - | -
            =&=&                                                                                                  | - | - | -
            state=xyz&code_challenge=abc&scope=mcp                                                                | - | - | -
            REDIRECT_URI=x                                                                                        | - | - | -
            """)
    void parsesAndDecodesOnce(String query, String redirectUris, String resources, String clientId) {
        AuthorizationRequest request = AuthorizationRequest.fromQuery(query);

        assertEquals(values(redirectUris), request.redirectUris());
        assertEquals(values(resources), request.resources());
        assertEquals(clientId, request.clientId());
    }

    private static List<String> values(String written) {
        if (written == null) {
            return List.of();
        }
        return Arrays.stream(written.split(" ; ")).map(v -> v.equals("(empty)") ? "" : v).toList();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            redirect_uri=http%3A%2F%2F127.0.0.1%3A5000%2Fcallback&resource=https%3A%2F%2Fmcp.example.com%2Fmcp | CLIENT_MATCHED
            redirect_uri=http%253A%252F%252F127.0.0.1%253A5000%252Fcallback&resource=x                         | REDIRECT_URI_INVALID
            redirect_uri=https://a.example.com/%zz                                                              | REDIRECT_URI_INVALID
            redirect_uri=http%3A%2F%2F127.0.0.1%2Fcallback&redirect_uri=http%3A%2F%2F127.0.0.1%2Fcallback       | REDIRECT_URI_INVALID
            resource=https%3A%2F%2Fmcp.example.com%2Fmcp                                                        | REDIRECT_URI_MISSING
            redirect_uri=                                                                                       | REDIRECT_URI_MISSING
            """)
    void parsedQueriesResolve(String query, FindingCode first) {
        ConfigurationSnapshot snapshot = Snapshots.withClient("http://127.0.0.1/callback");

        assertEquals(first, Resolver.resolve(AuthorizationRequest.fromQuery(query), snapshot).findings().get(0).code());
    }

    @Test
    void nullMeansNothingWasSent() {
        assertEquals(new AuthorizationRequest(List.of(), List.of(), null), AuthorizationRequest.fromQuery(null));
        assertEquals(new AuthorizationRequest(List.of(), List.of(), null), AuthorizationRequest.fromQuery(""));
        assertEquals(new AuthorizationRequest(List.of(), List.of(), null), AuthorizationRequest.of(null, null, null));
        assertEquals(new AuthorizationRequest(List.of(), List.of(), null), new AuthorizationRequest(null, null, null));
        assertEquals(List.of("x"), new AuthorizationRequest(Arrays.asList(null, "x"), null, null).redirectUris());
    }

    @Test
    void firstValuesForDisplay() {
        AuthorizationRequest request = new AuthorizationRequest(List.of("a", "b"), List.of("r"), "c");

        assertEquals("a", request.redirectUri());
        assertEquals("r", request.resource());
        assertNull(AuthorizationRequest.of(null, null, null).redirectUri());
        assertNull(AuthorizationRequest.of(null, null, null).resource());
    }
}
