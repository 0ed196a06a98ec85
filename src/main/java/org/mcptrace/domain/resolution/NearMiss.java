package org.mcptrace.domain.resolution;

import java.io.Serializable;
import java.util.List;

/** A registered URI that almost matched; it explains a denial and never allows a request. */
public record NearMiss(long workloadId, String workloadName, String registered, List<Difference> differences) implements Serializable {

    public NearMiss {
        differences = Copies.withoutNulls(differences);
    }
}
