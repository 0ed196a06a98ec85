/** What makes several nodes one product: configuration notices through PostgreSQL, live entries through JGroups. */
package org.mcptrace.infrastructure.cluster;
