package org.mcptrace.interfaces.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IpLiteralsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "127.0.0.1|true", "10.0.0.7|true", "255.255.255.255|true", "0.0.0.0|true",
            "256.1.1.1|false", "1.2.3|false", "1.2.3.4.5|false", "01.2.3.4|false", "1.2.3.a|false", "1..3.4|false",
            "::1|true", "2001:db8::1|true", "fe80::1:2:3:4|true", "::ffff:192.0.2.1|true", "2001:DB8:0:0:0:0:0:1|true",
            "::1::2|false", "2001:db8::g|false", "localhost|false", "example.com|false", "[::1]|false", "fe80::1%eth0|false",
            "' '|false", "'1.2.3.4 '|false", "::ffff:999.0.0.1|false"})
    void judgesLiteralsWithoutLookups(String text, boolean valid) {
        assertEquals(valid, IpLiterals.isValid(text));
    }
}
