/** MicroProfile Health checks behind /health/ready and /health/live for orchestrators and load balancers. */
package org.mcptrace.interfaces.health;
