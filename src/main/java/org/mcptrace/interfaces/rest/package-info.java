/** The JSON API under /api/v1: thin JAX-RS resources that hand work to the application layer and answer errors as RFC 9457 problems. */
package org.mcptrace.interfaces.rest;
