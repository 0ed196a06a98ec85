package org.mcptrace.domain.resolution;

import java.io.Serializable;
import java.util.List;

public record Finding(FindingCode code, Severity severity, String message, List<NearMiss> nearMisses) implements Serializable {

    public Finding {
        if (severity == null && code != null) {
            severity = code.severity();
        }
        nearMisses = Copies.withoutNulls(nearMisses);
    }

    public static Finding of(FindingCode code, String message) {
        return new Finding(code, code.severity(), message, List.of());
    }

    public static Finding of(FindingCode code, String message, List<NearMiss> nearMisses) {
        return new Finding(code, code.severity(), message, nearMisses);
    }
}
