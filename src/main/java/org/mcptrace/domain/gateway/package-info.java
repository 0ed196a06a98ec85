/** Registered gateways: the only callers allowed to report authorization requests. */
package org.mcptrace.domain.gateway;
