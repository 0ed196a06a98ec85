package org.mcptrace.domain.trace;

import java.util.ArrayList;
import java.util.List;
import org.mcptrace.domain.resolution.ClientMatch;
import org.mcptrace.domain.resolution.Finding;
import org.mcptrace.domain.resolution.NearMiss;
import org.mcptrace.domain.resolution.ServerMatch;

/**
 * A configuration change that would make a denied or fragile entry Info. A fix only names the change; the operator
 * confirms it in the editor it opens, so nothing is ever saved from a trace by itself.
 *
 * @param kind     what to do
 * @param label    what the operator reads on the button
 * @param targetId the object to edit (0 when creating)
 * @param value    the URI or client ID to add or register, when the change carries one
 * @param clientWorkloadId  for a new policy
 * @param serverWorkloadId  for a new policy
 */
public record QuickFix(Kind kind, String label, long targetId, String value, long clientWorkloadId, long serverWorkloadId) {

    public enum Kind {
        ADD_REDIRECT_URI, CREATE_CLIENT_WORKLOAD, CREATE_SERVER_WORKLOAD, SET_RESOURCE_URL, CREATE_ACCESS_POLICY,
        ACTIVATE_CLIENT_WORKLOAD, ACTIVATE_SERVER_WORKLOAD, ACTIVATE_ACCESS_POLICY,
        /** Adds the entry's client ID to a workload. */
        ADD_CLIENT_ID,
        /** Creates a workload identified by the entry's client ID (value), with the entry's redirect URI too. */
        CREATE_CLIENT_WORKLOAD_BY_CLIENT_ID
    }

    public static List<QuickFix> forEntry(TraceEntry entry) {
        List<QuickFix> fixes = new ArrayList<>();
        String redirectUri = entry.getRedirectUri();
        String resource = entry.getResource();
        ClientMatch client = entry.getClientWorkload();
        ServerMatch server = entry.getServerWorkload();
        String clientId = entry.getClientId() == null || entry.getClientId().isEmpty() ? null : entry.getClientId();
        for (Finding finding : entry.getFindings()) {
            switch (finding.code()) {
                case CLIENT_NO_MATCH -> {
                    for (NearMiss miss : finding.nearMisses()) {
                        fixes.add(new QuickFix(Kind.ADD_REDIRECT_URI, "Add this redirect URI to Client Workload '"
                                + miss.workloadName() + "'", miss.workloadId(), redirectUri, 0, 0));
                    }
                    fixes.add(new QuickFix(Kind.CREATE_CLIENT_WORKLOAD, "Create a Client Workload with this redirect URI", 0,
                            redirectUri, 0, 0));
                    if (clientId != null) {
                        fixes.add(new QuickFix(Kind.CREATE_CLIENT_WORKLOAD_BY_CLIENT_ID, "Identify this client by its "
                                + "client ID: create a Client Workload with it", 0, clientId, 0, 0));
                    }
                }
                case CLIENT_MATCHED -> {
                    // Info already, but any client on the same loopback URI matches too: the client ID narrows it
                    if (clientId != null) {
                        fixes.add(new QuickFix(Kind.ADD_CLIENT_ID, "Identify this client by its client ID: add it to "
                                + "Client Workload '" + client.name() + "'", client.id(), clientId, 0, 0));
                    }
                }
                case CLIENT_ID_NOT_REGISTERED -> {
                    if (clientId != null) {
                        fixes.add(new QuickFix(Kind.ADD_CLIENT_ID, "Add this client ID to Client Workload '"
                                + client.name() + "'", client.id(), clientId, 0, 0));
                    }
                }
                case CLIENT_REDIRECT_URI_NOT_REGISTERED -> fixes.add(new QuickFix(Kind.ADD_REDIRECT_URI,
                        "Add this redirect URI to Client Workload '" + client.name() + "'", client.id(), redirectUri,
                        0, 0));
                case CLIENT_WORKLOAD_INACTIVE -> fixes.add(new QuickFix(Kind.ACTIVATE_CLIENT_WORKLOAD,
                        "Activate Client Workload '" + client.name() + "'", client.id(), null, 0, 0));
                case SERVER_NO_MATCH -> fixes.add(new QuickFix(Kind.CREATE_SERVER_WORKLOAD,
                        "Create a Server Workload for this resource", 0, resource, 0, 0));
                case SERVER_MATCHED_NON_CANONICAL, SERVER_MATCHED_BY_PATH -> fixes.add(new QuickFix(Kind.SET_RESOURCE_URL,
                        "Register this exact resource on Server Workload '" + server.name() + "'", server.id(), resource, 0, 0));
                case SERVER_WORKLOAD_INACTIVE -> fixes.add(new QuickFix(Kind.ACTIVATE_SERVER_WORKLOAD,
                        "Activate Server Workload '" + server.name() + "'", server.id(), null, 0, 0));
                case POLICY_MISSING -> fixes.add(new QuickFix(Kind.CREATE_ACCESS_POLICY, "Create the Access Policy connecting '"
                        + client.name() + "' and '" + server.name() + "'", 0, null, client.id(), server.id()));
                case POLICY_INACTIVE -> fixes.add(new QuickFix(Kind.ACTIVATE_ACCESS_POLICY,
                        "Activate Access Policy '" + entry.getAccessPolicy().name() + "'", entry.getAccessPolicy().id(), null, 0, 0));
                default -> {
                    // other Info findings and malformed requests: nothing in the configuration would fix them; a
                    // CLIENT_CONFLICT needs a redirect URI or client ID moved between two workloads, which the
                    // finding names and no single editor can do
                }
            }
        }
        return fixes;
    }

    // Facelets cannot read record components as properties
    public String getLabel() {
        return label;
    }

    public Kind getKind() {
        return kind;
    }
}
