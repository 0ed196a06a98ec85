package org.mcptrace.application;

/**
 * Fired synchronously inside the transaction of a change to shared state, just before it commits, so that whatever
 * tells other nodes about it (a PostgreSQL notice) is part of the same commit: sent if and only if the change is.
 */
public record ChangeCommitting(Subject subject, long revision) {

    public enum Subject {
        /** Workloads and policies; {@code revision} is the configuration revision the change produced. */
        CONFIGURATION,
        /** Gateway registrations and revocations; {@code revision} is 0. */
        GATEWAYS
    }
}
