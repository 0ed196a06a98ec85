package org.mcptrace.domain.resolution;

import java.util.List;

public record ClientWorkloadView(long id, String name, boolean active, List<String> redirectUris) {

    public ClientWorkloadView {
        redirectUris = Copies.withoutNulls(redirectUris);
    }
}
