package org.mcptrace.domain.resolution;

public enum Decision {
    ALLOWED, DENIED
}
