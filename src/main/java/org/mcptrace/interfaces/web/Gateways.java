package org.mcptrace.interfaces.web;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.mcptrace.application.Caller;
import org.mcptrace.application.ConfigurationRejected;
import org.mcptrace.application.GatewayRegistry;
import org.mcptrace.domain.gateway.GatewayMode;
import org.primefaces.PrimeFaces;

/**
 * The Gateways screen: register (the token is shown once), list with activity and forward-auth settings, change the
 * settings, revoke.
 */
@Named("gatewaysScreen")
@ViewScoped
public class Gateways implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    transient GatewayRegistry gateways;

    @Inject
    transient Caller caller;

    private String name;
    private String mode = GatewayMode.OBSERVE.word();
    private int trustedProxies;
    private String token;
    private String registeredName;
    private Long editedId;
    private String editedName;

    public List<GatewayRegistry.Listed> getRows() {
        return gateways.list();
    }

    public Map<GatewayRegistry.Rejection, Long> getRejections() {
        return gateways.rejections();
    }

    public List<String> getModes() {
        return Arrays.stream(GatewayMode.values()).map(GatewayMode::word).toList();
    }

    public void startNew() {
        name = null;
        token = null;
        mode = GatewayMode.OBSERVE.word();
        trustedProxies = 0;
    }

    public void startEdit(GatewayRegistry.Listed row) {
        editedId = row.id();
        editedName = row.name();
        mode = row.mode().word();
        trustedProxies = row.trustedProxies();
    }

    public void saveForwarding() {
        try {
            GatewayRegistry.Listed changed = gateways.configure(caller, editedId, forwarding());
            Messages.info("Gateway '" + changed.name() + "' now " + changed.mode().word() + "s, with "
                    + changed.trustedProxies() + " trusted prox" + (changed.trustedProxies() == 1 ? "y." : "ies."));
            PrimeFaces.current().executeScript("PF('editDialog').hide();");
        } catch (ConfigurationRejected e) {
            Messages.showAt("editForm:trustedProxies", e);
        }
    }

    private GatewayRegistry.Forwarding forwarding() {
        GatewayMode chosen = GatewayMode.of(mode);
        return new GatewayRegistry.Forwarding(chosen == null ? GatewayMode.OBSERVE : chosen, trustedProxies);
    }

    public void register() {
        try {
            GatewayRegistry.Registered registered = gateways.register(caller, name, forwarding());
            token = registered.token();
            registeredName = registered.gateway().name();
            name = null;
            PrimeFaces.current().executeScript("PF('registerDialog').hide();PF('tokenDialog').show();");
        } catch (ConfigurationRejected e) {
            Messages.showAt("registerForm:name", e);
        }
    }

    public void revoke(long id) {
        try {
            GatewayRegistry.Listed revoked = gateways.revoke(caller, id);
            Messages.info("Gateway '" + revoked.name() + "' revoked: its token no longer works.");
        } catch (ConfigurationRejected e) {
            Messages.error(e);
        }
    }

    /** The token leaves the server once: it is forgotten as soon as the dialog is closed. */
    public void forgetToken() {
        token = null;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getMode() {
        return mode;
    }

    public void setMode(String mode) {
        this.mode = mode;
    }

    public int getTrustedProxies() {
        return trustedProxies;
    }

    public void setTrustedProxies(int trustedProxies) {
        this.trustedProxies = trustedProxies;
    }

    public String getEditedName() {
        return editedName;
    }

    public String getToken() {
        return token;
    }

    public String getRegisteredName() {
        return registeredName;
    }
}
