package org.mcptrace.interfaces.web;

import java.util.List;

/**
 * A value split around the part where it differs from another, so the screen can mark exactly what to fix. The parts
 * are rendered as escaped text. A record with getters, because Facelets cannot read a record's accessors.
 */
public record Highlight(String label, String before, String differing, String after) {

    /** The presented and the registered value, each split at their common prefix and suffix. */
    static List<Highlight> pair(String presented, String registered) {
        int prefix = 0;
        int max = Math.min(presented.length(), registered.length());
        while (prefix < max && presented.charAt(prefix) == registered.charAt(prefix)) {
            prefix++;
        }
        int suffix = 0;
        while (suffix < max - prefix
                && presented.charAt(presented.length() - 1 - suffix) == registered.charAt(registered.length() - 1 - suffix)) {
            suffix++;
        }
        return List.of(split("presented", presented, prefix, suffix), split("registered", registered, prefix, suffix));
    }

    private static Highlight split(String label, String value, int prefix, int suffix) {
        return new Highlight(label, value.substring(0, prefix), value.substring(prefix, value.length() - suffix),
                value.substring(value.length() - suffix));
    }

    public String getLabel() {
        return label;
    }

    public String getBefore() {
        return before;
    }

    public String getDiffering() {
        return differing;
    }

    public String getAfter() {
        return after;
    }
}
