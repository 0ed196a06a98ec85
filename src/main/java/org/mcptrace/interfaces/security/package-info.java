/**
 * HTTP-level security: the one authentication mechanism (console form login, HTTP Basic for the API, Bearer tokens
 * for gateway ingestion) and the security headers on every response. Authorization by role lives in the application
 * layer ({@code Caller}) and the API filter, so it holds whichever way a request arrives.
 */
package org.mcptrace.interfaces.security;
