package org.mcptrace.interfaces.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import jakarta.json.stream.JsonGenerator;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** JsonText writes the same text as the Parsson generator it replaced, escapes included. */
class JsonTextTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "plain https://mcp.example.com/mcp", "quote \" and \\ back", "tab\tnew\nline\r",
            "bell \u0007 nul \u0000 esc \u001b del \u007f", "é ü 𝄞 \u2028", "\b\f", "end\\"})
    void matchesParsson(String value) {
        StringWriter parsson = new StringWriter();
        try (JsonGenerator json = Json.createGeneratorFactory(Map.of()).createGenerator(parsson)) {
            json.writeStartArray().writeStartObject().write("s", value).write("n", 42L).write("b", true)
                    .writeNull("x").writeStartArray("a").write(value).write(value).writeEnd()
                    .writeStartObject("o").write("k", value).writeEnd().writeEnd().writeStartObject().writeEnd()
                    .writeEnd();
        }
        JsonText text = new JsonText(64);
        text.writeStartArray().writeStartObject().write("s", value).write("n", 42L).write("b", true)
                .writeNull("x").writeStartArray("a").write(value).write(value).writeEnd()
                .writeStartObject("o").write("k", value).writeEnd().writeEnd().writeStartObject().writeEnd()
                .writeEnd();
        assertEquals(parsson.toString(), text.toString());
    }
}
