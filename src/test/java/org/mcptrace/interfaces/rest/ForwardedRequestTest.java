package org.mcptrace.interfaces.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How a forward-auth call is read: the rules of docs/integrations.md, one row each. */
class ForwardedRequestTest {

    @ParameterizedTest(name = "{0} / {1} / {2} -> {3}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            /authorize?client_id=a&redirect_uri=x  | -                         | -           | client_id=a&redirect_uri=x
            -                                      | /auth?response_type=code  | -           | response_type=code
            -                                      | -                         | client_id=a | client_id=a
            /authorize?client_id=a                 | /other?client_id=b        | client_id=c | client_id=a
            '  '                                   | /auth?client_id=b         | -           | client_id=b
            /auth/abc123                           | -                         | client_id=c | -
            /auth?client_id=a#frag                 | -                         | -           | client_id=a
            https://as.example.com/auth?x=1        | -                         | -           | x=1
            /auth?                                 | -                         | -           | ''
            -                                      | -                         | -           | -
            """)
    void readsTheOriginalQueryInOrder(String forwardedUri, String originalUri, String ownQuery, String expected) {
        assertEquals(expected, ForwardedRequest.query(forwardedUri, originalUri, ownQuery));
    }

    @ParameterizedTest(name = "{0} / {1} / {2} -> {3}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            POST | GET  | PUT | POST
            -    | HEAD | GET | HEAD
            ' '  | -    | GET | GET
            -    | -    | GET | GET
            """)
    void readsTheOriginalMethodInOrder(String forwarded, String original, String own, String expected) {
        assertEquals(expected, ForwardedRequest.method(forwarded, original, own));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            GET     | response_type=code&client_id=a              | true
            GET     | redirect_uri=http%3A%2F%2F127.0.0.1%2Fcb    | true
            get     | client_id=a                                 | true
            POST    | client_id=a                                 | true
            GET     | client%5Fid=a                               | true
            GET     | state=x&scope=mcp                           | false
            GET     | -                                           | false
            GET     | ''                                          | false
            GET     | xclient_id=a&client_idx=b                   | false
            HEAD    | client_id=a                                 | false
            OPTIONS | client_id=a                                 | false
            PUT     | client_id=a                                 | false
            """)
    void knowsAuthorizationRequests(String method, String query, boolean expected) {
        assertEquals(expected, ForwardedRequest.isAuthorizationRequest(method, query));
    }

    /** X-Forwarded-For headers are written with ' ; ' between repeated headers, '-' for none. */
    @ParameterizedTest(name = "{0} / {1} / {2} / trusted {3} -> {4}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            203.0.113.7                                  | -           | 127.0.0.1 | 0 | 203.0.113.7
            198.51.100.1, 203.0.113.7                    | -           | 127.0.0.1 | 0 | 203.0.113.7
            198.51.100.1, 203.0.113.7, 10.0.0.1          | -           | 127.0.0.1 | 1 | 203.0.113.7
            198.51.100.1, 203.0.113.7, 10.0.0.1          | -           | 127.0.0.1 | 2 | 198.51.100.1
            203.0.113.7                                  | -           | 127.0.0.1 | 3 | 203.0.113.7
            198.51.100.1 ; 203.0.113.7                   | -           | 127.0.0.1 | 0 | 203.0.113.7
            '198.51.100.1,,203.0.113.7, '                | -           | 127.0.0.1 | 0 | 203.0.113.7
            2001:db8::7                                  | -           | 127.0.0.1 | 0 | 2001:db8::7
            not-an-address                               | -           | 127.0.0.1 | 0 | not-an-address
            203.0.113.7:51234                            | -           | 127.0.0.1 | 0 | 203.0.113.7:51234
            -                                            | 192.0.2.44  | 127.0.0.1 | 0 | 192.0.2.44
            ' '                                          | 192.0.2.44  | 127.0.0.1 | 0 | 192.0.2.44
            -                                            | -           | 127.0.0.1 | 0 | 127.0.0.1
            -                                            | ' '         | ::1       | 0 | ::1
            """)
    void findsTheClientAddress(String forwardedFor, String realIp, String peer, int trusted, String expected) {
        List<String> headers = forwardedFor == null ? List.of() : Arrays.asList(forwardedFor.split(" ; "));
        assertEquals(expected, ForwardedRequest.clientIp(headers, realIp, peer, trusted));
    }

    @org.junit.jupiter.api.Test
    void clipsWhatAProxyCopiesFromTheClient() {
        String huge = "1".repeat(AuthorizationReports.MAX_STRING + 10);
        assertEquals(AuthorizationReports.MAX_STRING, ForwardedRequest.clientIp(List.of(huge), null, "::1", 0).length());
    }
}
