package org.mcptrace.domain.resolution;

/** Declared from least to most severe, so that ordinal comparison gives "worse than". */
public enum Severity {
    INFO("Info"), WARNING("Warning"), ERROR("Error");

    private final String word;

    Severity(String word) {
        this.word = word;
    }

    /** The word the console shows beside the colour, so severity never depends on colour alone. */
    public String word() {
        return word;
    }

    public Severity max(Severity other) {
        return other != null && other.ordinal() > ordinal() ? other : this;
    }
}
