package org.mcptrace.interfaces.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TraceCsvTest {

    @ParameterizedTest(name = "[{0}] -> [{1}]")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "https://claude.ai/cb|https://claude.ai/cb",
            "=HYPERLINK(\"http://evil\")|`\"'=HYPERLINK(\"\"http://evil\"\")\"`",
            "+cmd|`\"'+cmd\"`",
            "-1+2|`\"'-1+2\"`",
            "@SUM(A1)|`\"'@SUM(A1)\"`",
            "a,b|`\"a,b\"`",
            "say \"hi\"|`\"say \"\"hi\"\"\"`"})
    void quotesAndDefusesFormulas(String value, String cell) {
        assertEquals(cell, TraceCsv.cell(value));
    }
}
