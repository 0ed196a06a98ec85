package org.mcptrace.domain.resolution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RedirectUrisTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "https://claude.ai/api/mcp/auth_callback",
        "http://127.0.0.1:33418/",
        "http://127.0.0.1:51234/callback",
        "http://localhost:51234/callback",
        "https://vscode.dev/redirect",
        "cursor://anysphere.cursor-mcp/oauth/callback",
        "http://localhost:6274/oauth/callback",
        "http://localhost:7777/oauth/callback",
        "https://chatgpt.com/connector/oauth/abc123",
        "vscode://vscode.github-authentication/did-authenticate",
        "com.example.app:/cb",
        "http://[::1]:8080/cb",
        "http://[::1]/cb",
        "http://localhost/cb?x=1&y=%20",
        "http://LOCALHOST:1/cb",
        "HTTP://127.0.0.1/cb",
        "https://app.example.com:8443/a%2Fb",
        "https://[2001:db8::1]/cb",
        "urn:ietf:wg:oauth:2.0:oob"})
    void accepts(String uri) {
        assertEquals(Optional.empty(), RedirectUris.problem(uri));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            -                                   | empty
            (empty)                             | empty
            /callback                           | not an absolute URI
            127.0.0.1:5000/cb                   | not an absolute URI
            https://app.example.com/cb#x        | fragment
            https://app.example.com/cb#         | fragment
            https://user@app.example.com/cb     | userinfo
            http://user:pw@127.0.0.1/cb         | userinfo
            javascript:alert(1)                 | scheme 'javascript'
            JavaScript:alert(1)                 | scheme 'JavaScript'
            data:text/html,hello                | scheme 'data'
            file:///etc/passwd                  | scheme 'file'
            vbscript:msgbox                     | scheme 'vbscript'
            blob:https://app.example.com/1      | scheme 'blob'
            about:blank                         | scheme 'about'
            http://evil.example.com/cb          | plain http is allowed only for the loopback hosts
            http://127.0.0.2/cb                 | not '127.0.0.2'
            http://[::2]/cb                     | not '[::2]'
            http://[0:0:0:0:0:0:0:1]/cb         | plain http
            http:/cb                            | this URI has no host
            https://app.example.com/c b         | character U+0020 is not allowed in the path
            https://app.example.com/%zz         | malformed percent-escape
            https://app.example.com:port/cb     | port 'port' is not a number
            https://app.example.com:99999/cb    | out of range
            https://[::1/cb                     | no closing ']'
            https://app.example.com/a[1]        | character '['
            https://app.example.com/é           | not allowed
            """)
    void refuses(String uri, String reason) {
        String value = "(empty)".equals(uri) ? "" : uri;
        Optional<String> problem = RedirectUris.problem(value);
        assertTrue(problem.isPresent(), uri);
        assertTrue(problem.get().contains(reason), problem.get());
    }

    @ParameterizedTest(name = "{0} ~ {1}")
    @CsvSource(delimiter = '|', textBlock = """
            http://127.0.0.1:33418/cb   | http://127.0.0.1:5000/cb
            http://127.0.0.1:33418/cb   | http://127.0.0.1/cb
            http://127.0.0.1/cb         | http://127.0.0.1:/cb
            http://localhost:1/cb?x=1   | http://localhost:2/cb?x=1
            http://[::1]:5/cb           | http://[::1]/cb
            https://app.example.com/cb  | https://app.example.com/cb
            """)
    void conflicts(String a, String b) {
        assertEquals(RedirectUris.conflictKey(a), RedirectUris.conflictKey(b));
    }

    @ParameterizedTest(name = "{0} !~ {1}")
    @CsvSource(delimiter = '|', textBlock = """
            http://127.0.0.1:33418/cb   | http://localhost:33418/cb
            http://127.0.0.1/cb         | http://127.0.0.1/cb/
            http://127.0.0.1/cb         | http://127.0.0.1/cb?x=1
            http://127.0.0.1/cb         | https://127.0.0.1/cb
            https://localhost:1/cb      | https://localhost:2/cb
            https://app.example.com/cb  | https://app.example.com:443/cb
            https://app.example.com/cb  | https://APP.example.com/cb
            http://[::1]/cb             | http://127.0.0.1/cb
            """)
    void doesNotConflict(String a, String b) {
        assertNotEquals(RedirectUris.conflictKey(a), RedirectUris.conflictKey(b));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            http://127.0.0.1:33418/cb | http://127.0.0.1/cb
            http://[::1]:5/cb?x=1     | http://[::1]/cb?x=1
            https://app.example.com/cb | https://app.example.com/cb
            cursor://anysphere.cursor-mcp/oauth/callback | cursor://anysphere.cursor-mcp/oauth/callback
            """)
    void conflictKeyDropsOnlyTheLoopbackPort(String uri, String key) {
        assertEquals(key, RedirectUris.conflictKey(uri));
    }
}
