package org.mcptrace.interfaces.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The event stream's framing, read back as a browser's EventSource reads it (WHATWG HTML, "Server-sent events"). */
class ServerSentEventsTest {

    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final ServerSentEvents events = new ServerSentEvents(body);

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            one line                 | '{"a":"b"}'
            LF inside                | 'first\\nsecond'
            CR inside                | 'first\\rsecond'
            CRLF inside              | 'first\\r\\nsecond'
            empty lines around       | '\\n\\nmiddle\\n\\n'
            forged fields            | 'x\\n\\ndata: {"forged":true}\\nevent: trace\\nid: 9\\r\\n'
            leading and inner spaces | '  indented\\n x '
            empty                    | ''
            unicode                  | 'é 日本 😀 \u2028 \u2029 \u0085 ✓'
            """)
    void dataComesBackAsWritten(String what, String escaped) throws IOException {
        String data = unescape(escaped);
        events.event("trace", "42@node-a e-1", data);
        events.flush();
        List<String[]> read = parse(body.toString(StandardCharsets.UTF_8));
        assertEquals(1, read.size(), what);
        assertEquals("trace", read.get(0)[0]);
        assertEquals("42@node-a e-1", read.get(0)[1]);
        // the format knows only CR, LF and CRLF as line breaks; a client joins data lines with LF
        assertEquals(data.replace("\r\n", "\n").replace('\r', '\n'), read.get(0)[2], what);
    }

    @Test
    void eventsFollowEachOtherAndCommentsAreIgnored() throws IOException {
        events.comment("opening\nsecond line");
        events.event("trace", "1", "{}");
        events.comment("keep-alive");
        events.event("skipped", "5", "{\"skipped\":3}");
        events.flush();
        String text = body.toString(StandardCharsets.UTF_8);
        assertEquals(": opening\n: second line\n\nevent: trace\nid: 1\ndata: {}\n\n: keep-alive\n\n"
                + "event: skipped\nid: 5\ndata: {\"skipped\":3}\n\n", text);
        List<String[]> read = parse(text);
        assertEquals(List.of("trace 1 {}", "skipped 5 {\"skipped\":3}"),
                read.stream().map(e -> String.join(" ", e)).toList());
    }

    @Test
    void nothingReachesTheClientBeforeTheFlush() throws IOException {
        events.event("trace", "1", "{}");
        assertEquals(0, body.size());
        events.flush();
        assertEquals("event: trace\nid: 1\ndata: {}\n\n", body.toString(StandardCharsets.UTF_8));
    }

    @Test
    void refusesANameOrIdThatWouldEndItsLine() {
        assertThrows(IllegalArgumentException.class, () -> events.event("trace\ndata: x", "1", "{}"));
        assertThrows(IllegalArgumentException.class, () -> events.event("trace", "1\r", "{}"));
        assertThrows(IllegalArgumentException.class, () -> events.event("trace", "1\0", "{}"));
    }

    /** The event stream interpretation of the HTML standard, for the fields used here: event, id, data. */
    private static List<String[]> parse(String stream) {
        List<String[]> dispatched = new ArrayList<>();
        String name = "";
        String id = "";
        StringBuilder data = null;
        int i = 0;
        while (i < stream.length()) {
            int end = i;
            while (end < stream.length() && stream.charAt(end) != '\n' && stream.charAt(end) != '\r') {
                end++;
            }
            String line = stream.substring(i, end);
            i = end + (end + 1 < stream.length() && stream.charAt(end) == '\r' && stream.charAt(end + 1) == '\n' ? 2 : 1);
            if (line.isEmpty()) {
                if (data != null) {
                    dispatched.add(new String[] {name.isEmpty() ? "message" : name, id, data.toString()});
                }
                name = "";
                data = null;
                continue;
            }
            if (line.startsWith(":")) {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "event" -> name = value;
                case "id" -> id = value;
                case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                default -> throw new AssertionError("unexpected field " + field);
            }
        }
        return dispatched;
    }

    private static String unescape(String s) {
        return s == null ? "" : s.replace("\\r", "\r").replace("\\n", "\n");
    }
}
