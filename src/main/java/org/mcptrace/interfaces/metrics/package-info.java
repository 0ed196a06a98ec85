/**
 * MicroProfile Metrics for operators and for the benchmarks: what was ingested, how long resolution takes, how far
 * behind the consoles are and who is watching. Everything here observes the application's events or reads its
 * components' counters; nothing on the ingestion path waits for a metric.
 */
package org.mcptrace.interfaces.metrics;
