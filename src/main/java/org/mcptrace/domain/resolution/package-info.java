/**
 * Resolves an OAuth authorization request against a configuration snapshot into the client, server, policy and
 * findings of one trace entry, strictly for the decision and generously for the explanation.
 */
package org.mcptrace.domain.resolution;
