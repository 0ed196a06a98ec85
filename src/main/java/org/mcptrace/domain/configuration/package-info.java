/** The operator's configuration as persisted: Client Workloads, Server Workloads, Access Policies and the revision counter. */
package org.mcptrace.domain.configuration;
