package org.mcptrace.domain.resolution;

public record PolicyMatch(long id, String name, boolean active) {
}
