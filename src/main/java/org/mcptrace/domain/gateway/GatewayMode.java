package org.mcptrace.domain.gateway;

import java.util.Locale;

/**
 * What a gateway's forward-auth answer does with a denied entry. Observing never blocks a login; enforcing refuses
 * what the Access Policies deny.
 */
public enum GatewayMode {
    OBSERVE, ENFORCE;

    /** The word used in the API and on screen: {@code observe}, {@code enforce}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The mode named by {@code word} (any case), or null when it names none. */
    public static GatewayMode of(String word) {
        for (GatewayMode mode : values()) {
            if (mode.name().equalsIgnoreCase(word)) {
                return mode;
            }
        }
        return null;
    }
}
