package org.mcptrace.domain.resolution;

/** Rule by which a resource matched a Server Workload (S1 to S4). */
public enum ServerRule {
    EXACT, CANONICAL, PATH_BELOW, PATH_ABOVE
}
