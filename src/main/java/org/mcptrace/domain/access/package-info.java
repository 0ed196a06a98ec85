/**
 * Who may do what: the two console roles, the gateway role, and the secret handling they rest on (constant-time
 * comparison, token generation and hashing). Pure Java, so the rules are unit-testable without a container.
 */
package org.mcptrace.domain.access;
