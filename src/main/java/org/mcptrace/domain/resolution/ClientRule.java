package org.mcptrace.domain.resolution;

/** Rule by which a redirect URI matched a Client Workload (R1, R2). */
public enum ClientRule {
    EXACT, LOOPBACK
}
