/** The configuration database's schema: Flyway migrations run at start, and a check that the entities fit what they built. */
package org.mcptrace.infrastructure.persistence;
