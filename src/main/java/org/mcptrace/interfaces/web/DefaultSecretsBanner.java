package org.mcptrace.interfaces.web;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import org.mcptrace.application.GatewayRegistry;

/** The warning every page shows while a shipped default secret still works (layout.xhtml). */
@Named
@RequestScoped
public class DefaultSecretsBanner {

    @Inject
    GatewayRegistry gateways;

    private List<String> settings;

    /** The settings still at their shipped values; empty when the banner is not shown. */
    public List<String> getSettings() {
        if (settings == null) {
            settings = gateways.defaultSettingsInUse();
        }
        return settings;
    }

    public String getText() {
        return String.join(", ", getSettings());
    }
}
