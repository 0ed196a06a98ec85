package org.mcptrace.domain.resolution;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Compares a request with its client's metadata document the way an authorization server that supports Client ID
 * Metadata Documents does: the document must be reachable and valid, and must list the presented redirect URI. The
 * verdict is the latest one known when the request arrived; resolution never waits for a fetch.
 */
public final class ClientMetadataCheck {

    /** Shown as the "workload" of a near miss taken from a document rather than from the configuration. */
    static final String DOCUMENT = "the client's metadata document";

    private ClientMetadataCheck() {
    }

    /**
     * Whether a {@code client_id} is a metadata document URL that may be fetched: one that step 2a accepts as such
     * ({@link ClientIds#metadataUrlProblem}); anything else an authorization server refuses outright.
     */
    public static boolean isFetchable(String clientId) {
        return clientId != null && clientId.startsWith("https://") && ClientIds.metadataUrlProblem(clientId) == null;
    }

    /** The finding for a request given the latest verdict on its client's document; null when there is none. */
    public static Finding finding(ClientMetadataVerdict verdict, List<String> redirectUris) {
        if (verdict == null) {
            return null;
        }
        String url = Wording.display(verdict.url());
        return switch (verdict.status()) {
            case PENDING -> Finding.of(FindingCode.CLIENT_METADATA_PENDING, "The client's metadata document " + url
                    + " has not been fetched yet (" + verdict.problem() + "); entries after the fetch carry its verdict");
            case UNREACHABLE -> Finding.of(FindingCode.CLIENT_METADATA_UNREACHABLE, "The client's metadata document "
                    + url + " could not be read: " + verdict.problem() + "; an authorization server that fetches it "
                    + "refuses the request");
            case INVALID -> Finding.of(FindingCode.CLIENT_METADATA_INVALID, "The client's metadata document " + url
                    + " is not valid: " + verdict.problem());
            case VALID -> redirectUriListed(verdict, redirectUris);
        };
    }

    private static Finding redirectUriListed(ClientMetadataVerdict verdict, List<String> redirectUris) {
        List<String> listed = verdict.document().redirectUris();
        String named = verdict.document().clientName() == null ? ""
                : " (client_name " + Wording.quoted(verdict.document().clientName()) + ")";
        if (redirectUris.size() != 1 || redirectUris.get(0).isEmpty()) {
            return Finding.of(FindingCode.CLIENT_METADATA_VERIFIED, "The client's metadata document" + named
                    + " is valid; the request has no single redirect URI to look for in it");
        }
        String presented = redirectUris.get(0);
        if (listed.contains(presented)) {
            return Finding.of(FindingCode.CLIENT_METADATA_VERIFIED, "The client's metadata document" + named
                    + " names itself by its URL and lists this redirect URI");
        }
        UriParts presentedParts = UriParts.parse(presented);
        String loopbackKey = RedirectUris.loopbackKey(presentedParts);
        String byLoopback = null;
        List<NearMiss> nearMisses = new ArrayList<>();
        for (String uri : listed) {
            UriParts listedParts = UriParts.parse(uri);
            if (byLoopback == null && loopbackKey != null && loopbackKey.equals(RedirectUris.loopbackKey(listedParts))) {
                byLoopback = uri;
            }
            nearMisses.add(new NearMiss(0, DOCUMENT, uri, NearMissIndex.differences(presentedParts, listedParts, false)));
        }
        nearMisses.sort(Comparator.comparingInt(miss -> miss.differences().size()));
        List<NearMiss> nearest = List.copyOf(nearMisses.subList(0, Math.min(nearMisses.size(), NearMissIndex.LIMIT)));
        StringBuilder message = new StringBuilder("The client's metadata document").append(named)
                .append(" does not list the redirect URI ").append(Wording.display(presented));
        if (byLoopback != null) {
            message.append(". It lists ").append(Wording.display(byLoopback)).append(", which matches only by the "
                    + "loopback rule (port ignored, RFC 8252 section 7.3): authorization servers differ here, and one "
                    + "that compares redirect_uris exactly refuses the request");
        } else {
            message.append(", not even by the loopback rule; it lists ").append(listed.size())
                    .append(listed.size() == 1 ? " redirect URI" : " redirect URIs");
        }
        return Finding.of(FindingCode.CLIENT_METADATA_REDIRECT_URI_NOT_LISTED, message.toString(), nearest);
    }
}
