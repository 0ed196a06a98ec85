/** The durable record of who changed what: configuration changes and gateway registrations. */
package org.mcptrace.domain.audit;
