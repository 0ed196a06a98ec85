package org.mcptrace.interfaces.web;

import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.mcptrace.application.Caller;
import org.mcptrace.application.ConfigurationRejected;
import org.primefaces.PrimeFaces;

/** The Gateways screen: register (the token is shown once), list with activity, revoke. */
@Named("gatewaysScreen")
@ViewScoped
public class Gateways implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    transient org.mcptrace.application.Gateways gateways;

    @Inject
    transient Caller caller;

    private String name;
    private String token;
    private String registeredName;

    public List<org.mcptrace.application.Gateways.Listed> getRows() {
        return gateways.list();
    }

    public Map<org.mcptrace.application.Gateways.Rejection, Long> getRejections() {
        return gateways.rejections();
    }

    public void startNew() {
        name = null;
        token = null;
    }

    public void register() {
        try {
            org.mcptrace.application.Gateways.Registered registered = gateways.register(caller, name);
            token = registered.token();
            registeredName = registered.gateway().name();
            name = null;
            PrimeFaces.current().executeScript("PF('registerDialog').hide();PF('tokenDialog').show();");
        } catch (ConfigurationRejected e) {
            FacesContext.getCurrentInstance().addMessage("registerForm:name",
                    new FacesMessage(FacesMessage.SEVERITY_ERROR, e.getMessage(), e.getMessage()));
            FacesContext.getCurrentInstance().validationFailed();
        }
    }

    public void revoke(long id) {
        try {
            org.mcptrace.application.Gateways.Listed revoked = gateways.revoke(caller, id);
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

    public String getToken() {
        return token;
    }

    public String getRegisteredName() {
        return registeredName;
    }
}
