package org.mcptrace.application;

import jakarta.inject.Qualifier;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Qualifies, besides {@link Resolved}, an entry this node resolved from a report it received itself, as opposed to one
 * another node of the cluster resolved and sent here. Per-node figures and the fan-out to other nodes observe this.
 */
@Qualifier
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD, ElementType.TYPE})
public @interface Ingested {
}
