package org.mcptrace.domain.resolution;

/** Rule by which a request matched a Client Workload: its redirect URI (R1, R2) or its client ID (C1). */
public enum ClientRule {
    EXACT, LOOPBACK, CLIENT_ID
}
