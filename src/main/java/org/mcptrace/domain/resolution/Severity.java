package org.mcptrace.domain.resolution;

/** Declared from least to most severe, so that ordinal comparison gives "worse than". */
public enum Severity {
    INFO, WARNING, ERROR;

    public Severity max(Severity other) {
        return other != null && other.ordinal() > ordinal() ? other : this;
    }
}
