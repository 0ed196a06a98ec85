package org.mcptrace.interfaces.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LoginTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "/client-workloads.xhtml|/client-workloads.xhtml",
            "/?q=abc&severity=ERROR|/?q=abc&severity=ERROR",
            "NULL|/",
            "''|/",
            "https://evil.example/|/",
            "//evil.example/|/",
            "/\\evil.example/|/",
            "javascript:alert(1)|/",
            "/login.xhtml|/",
            "relative.xhtml|/"})
    void returnsOnlyToPathsInsideTheApplication(String next, String expected) {
        Login login = new Login();
        login.setNext(next);
        assertEquals(expected, login.safeNext());
    }

    @org.junit.jupiter.api.Test
    void refusesControlCharactersInTheReturnPath() {
        Login login = new Login();
        login.setNext("/index.xhtml\r\nSet-Cookie: x=1");
        assertEquals("/", login.safeNext());
    }
}
