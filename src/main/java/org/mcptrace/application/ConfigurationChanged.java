package org.mcptrace.application;

/** Fired after a configuration change has been committed; {@code revision} is the revision it produced. */
public record ConfigurationChanged(long revision) {
}
