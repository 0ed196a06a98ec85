package org.mcptrace.domain.resolution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ResourceUrlsTest {

    @ParameterizedTest
    @ValueSource(strings = {"https://mcp.example.com/mcp", "https://mcp.example.com", "https://mcp.example.com/",
        "http://localhost:3000/mcp", "https://mcp.example.com/mcp?tenant=1", "https://[::1]:8443/mcp",
        "urn:example:mcp", "HTTPS://MCP.EXAMPLE.COM/mcp"})
    void accepts(String url) {
        assertEquals(Optional.empty(), ResourceUrls.problem(url));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            -                                  | empty
            (empty)                            | empty
            mcp.example.com/mcp                | not an absolute URI
            /mcp                               | not an absolute URI
            https://mcp.example.com/mcp#x      | fragment
            https://mcp.example.com/mcp#       | fragment
            https://user:pw@mcp.example.com/mcp | userinfo
            https://mcp.example.com/m cp       | U+0020
            https://mcp.example.com:abc/mcp    | not a number
            """)
    void refuses(String url, String reason) {
        Optional<String> problem = ResourceUrls.problem("(empty)".equals(url) ? "" : url);
        assertTrue(problem.isPresent(), url);
        assertTrue(problem.get().contains(reason), problem.get());
    }

    @Test
    void userinfoIsRefusedOnSaveButNotInARequest() {
        String url = "https://user@mcp.example.com/mcp";

        assertTrue(ResourceUrls.problem(url).isPresent());
        assertNull(ResourceUrls.requestProblem(UriParts.parse(url)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            https://mcp.example.com/mcp          | https://mcp.example.com/mcp
            HTTPS://MCP.EXAMPLE.COM/mcp          | https://mcp.example.com/mcp
            https://mcp.example.com:443/mcp      | https://mcp.example.com/mcp
            https://mcp.example.com:/mcp         | https://mcp.example.com/mcp
            http://mcp.example.com:80/mcp        | http://mcp.example.com/mcp
            http://mcp.example.com:443/mcp       | http://mcp.example.com:443/mcp
            https://mcp.example.com:80/mcp       | https://mcp.example.com:80/mcp
            https://mcp.example.com:8443/MCP/    | https://mcp.example.com:8443/MCP
            https://mcp.example.com/mcp//        | https://mcp.example.com/mcp/
            https://mcp.example.com/             | https://mcp.example.com
            https://mcp.example.com              | https://mcp.example.com
            https://mcp.example.com/a%2fb        | https://mcp.example.com/a%2fb
            https://mcp.example.com/%7Emcp       | https://mcp.example.com/%7Emcp
            https://mcp.example.com/mcp/?x=1     | https://mcp.example.com/mcp?x=1
            https://mcp.example.com/mcp?X=Y      | https://mcp.example.com/mcp?X=Y
            https://[2001:DB8::1]:443/mcp        | https://[2001:db8::1]/mcp
            https://User@MCP.example.com/mcp     | https://User@mcp.example.com/mcp
            URN:Example:MCP                      | urn:Example:MCP
            relative/path/                       | relative/path/
            """)
    void canonicalises(String url, String canonical) {
        assertEquals(canonical, ResourceUrls.canonical(url));
    }

    @Test
    void canonicalOfNullIsNull() {
        assertNull(ResourceUrls.canonical(null));
    }
}
