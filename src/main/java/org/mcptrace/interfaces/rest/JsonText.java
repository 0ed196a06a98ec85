package org.mcptrace.interfaces.rest;

/**
 * Writes JSON text straight into a StringBuilder, for the trace entry, which is written for every ingested request,
 * every stream event and every batch item. Parsson's generator escapes character by character through a
 * synchronized StringWriter, and profiling batch ingestion showed half the server's CPU in it; here a string with
 * nothing to escape, which is nearly every string, is copied in one call. The output is the same text Parsson writes:
 * only the quotation mark, the reverse solidus and control characters are escaped, with lower-case hex.
 */
final class JsonText {

    private static final int MAX_DEPTH = 32;

    private final StringBuilder out;
    /** Whether the container at each depth still awaits its first member, so no comma goes before it. */
    private final boolean[] first = new boolean[MAX_DEPTH];
    private int depth = -1;

    JsonText(int capacity) {
        out = new StringBuilder(capacity);
    }

    JsonText writeStartObject() {
        return open('{');
    }

    JsonText writeStartObject(String name) {
        name(name);
        return push('{');
    }

    JsonText writeStartArray() {
        return open('[');
    }

    JsonText writeStartArray(String name) {
        name(name);
        return push('[');
    }

    JsonText writeEnd() {
        // the closing bracket matches what was opened: arrays and objects never share a depth
        out.append(closing[depth]);
        depth--;
        return this;
    }

    JsonText write(String name, String value) {
        name(name);
        string(value);
        return this;
    }

    JsonText write(String name, long value) {
        name(name);
        out.append(value);
        return this;
    }

    JsonText write(String name, boolean value) {
        name(name);
        out.append(value);
        return this;
    }

    JsonText writeNull(String name) {
        name(name);
        out.append("null");
        return this;
    }

    /** An array element. */
    JsonText write(String value) {
        comma();
        string(value);
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }

    private final char[] closing = new char[MAX_DEPTH];

    private JsonText open(char bracket) {
        if (depth >= 0) {
            comma();
        }
        return push(bracket);
    }

    private JsonText push(char bracket) {
        out.append(bracket);
        depth++;
        first[depth] = true;
        closing[depth] = bracket == '{' ? '}' : ']';
        return this;
    }

    private void name(String name) {
        comma();
        string(name);
        out.append(':');
    }

    private void comma() {
        if (first[depth]) {
            first[depth] = false;
        } else {
            out.append(',');
        }
    }

    private void string(String s) {
        if (s == null) {
            out.append("null");
            return;
        }
        out.append('"');
        int n = s.length();
        int from = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            out.append(s, from, i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    String hex = Integer.toHexString(c);
                    out.append("\\u").append("0000", hex.length(), 4).append(hex);
                }
            }
            from = i + 1;
        }
        out.append(s, from, n).append('"');
    }
}
