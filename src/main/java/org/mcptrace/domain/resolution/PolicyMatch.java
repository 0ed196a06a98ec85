package org.mcptrace.domain.resolution;

import java.io.Serializable;

public record PolicyMatch(long id, String name, boolean active) implements Serializable {
}
