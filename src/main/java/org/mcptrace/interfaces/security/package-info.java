/**
 * HTTP-level security: the one authentication mechanism (console form login, HTTP Basic for the API, tokens for
 * gateways), the identity store of console users, the caller's identity for the application layer, and the security
 * headers on every response. Who may call what is {@code @RolesAllowed} on the resources.
 */
package org.mcptrace.interfaces.security;
