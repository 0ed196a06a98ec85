/** Use cases shared by the REST API and the screens: the configuration and its rules, resolving reported requests against it, and the live trace buffer; layers talk through CDI events. */
package org.mcptrace.application;
