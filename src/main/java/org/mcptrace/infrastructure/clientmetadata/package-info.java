/**
 * Fetching client ID metadata documents from the clients' vendors, off the request path and behind SSRF safeguards:
 * https only, public addresses only (checked on the connected socket), small, fast, not redirected, rate-limited and
 * cached; what was fetched is judged in the domain and kept by the application's {@code ClientMetadataVerdicts}.
 */
package org.mcptrace.infrastructure.clientmetadata;
