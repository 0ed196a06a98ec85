package org.mcptrace.interfaces.rest;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * The {@code text/event-stream} format (WHATWG HTML, "Server-sent events") written to a response body, in UTF-8.
 *
 * <p>Written here rather than through JAX-RS's {@code SseEventSink} because of a measurement (docs/performance.md,
 * "The live view's share of single-report ingestion"): Liberty's RESTEasy writes every event's data through an
 * {@code OutputStream} that implements only {@code write(int)}, whatever the data's type or media type, so each byte
 * of an entry's JSON was a call and a {@code ByteArrayOutputStream.ensureCapacity}; that was 70-75% of a stream's
 * CPU. The format is small: a field per line, an empty line after each event.
 *
 * <p>Data with line breaks (CR, LF or CRLF, the only ones the format knows) becomes one {@code data:} line per line,
 * which a client joins back with LF; every field gets its {@code ": "}, so a value beginning with a space keeps it.
 * Event names and ids are single lines by construction; one that is not is a bug here, not a client's problem.
 * Nothing reaches the client before {@link #flush()}.
 */
final class ServerSentEvents implements AutoCloseable {

    private final Writer out;

    ServerSentEvents(OutputStream body) {
        // a batch of entries is written between flushes; the buffer only saves the encoder small writes
        this.out = new BufferedWriter(new OutputStreamWriter(body, StandardCharsets.UTF_8), 16 * 1024);
    }

    /** An event with a name, an id (what a client sends back as Last-Event-ID) and its data. */
    void event(String name, String id, String data) throws IOException {
        field("event: ", singleLine(name));
        field("id: ", singleLine(id));
        lines("data: ", data);
        out.write('\n');
    }

    /** A comment, which clients ignore: the opening line and the keep-alives that stop proxies timing the stream out. */
    void comment(String text) throws IOException {
        lines(": ", text);
        out.write('\n');
    }

    /** Hands everything written so far to the client; blocks while the client does not read (in its own write task). */
    void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    private void field(String lead, String value) throws IOException {
        out.write(lead);
        out.write(value);
        out.write('\n');
    }

    private void lines(String lead, String text) throws IOException {
        int start = 0;
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n') {
                out.write(lead);
                out.write(text, start, i - start);
                out.write('\n');
                if (c == '\r' && i + 1 < length && text.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        out.write(lead);
        out.write(text, start, length - start);
        out.write('\n');
    }

    private static String singleLine(String value) {
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 || value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("an event's name or id must be one line: " + value);
        }
        return value;
    }
}
