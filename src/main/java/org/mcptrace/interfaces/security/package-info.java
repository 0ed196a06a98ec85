/**
 * HTTP-level security: the one authentication mechanism (console form login, HTTP Basic for the API, tokens for
 * gateways), the identity store of console users, and the security headers on every response. The mechanism gives
 * the container each caller's role as its group; {@code @RolesAllowed} and {@code isCallerInRole} decide from it.
 */
package org.mcptrace.interfaces.security;
