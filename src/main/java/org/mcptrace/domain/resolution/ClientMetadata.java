package org.mcptrace.domain.resolution;

import java.io.Serializable;
import java.util.List;

/**
 * What a Client ID Metadata Document says about its client, as far as mcptrace shows or checks it. Every value came
 * from the client's vendor's server, so it is attacker-controlled text: shown escaped, never followed or rendered.
 * Members the document did not have, or had with another JSON type, are null (the list is then empty).
 */
public record ClientMetadata(String clientId, String clientName, String clientUri, List<String> redirectUris)
        implements Serializable {

    public ClientMetadata {
        redirectUris = Copies.withoutNulls(redirectUris);
    }
}
