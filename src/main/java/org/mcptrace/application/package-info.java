/** Use cases: keeping the configuration, resolving reported requests against it, and holding the live trace buffer; layers talk through CDI events. */
package org.mcptrace.application;
