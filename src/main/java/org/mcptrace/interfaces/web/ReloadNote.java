package org.mcptrace.interfaces.web;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Named;

/**
 * The layout's note that a page was loaded again by {@link PageRecovery}, and why: read once, on the first page the
 * session renders afterwards. A session attribute rather than the flash, whose cookie a failure late in a request can
 * take with it; it moves with the session to another node like the sign-in.
 */
@Named
@RequestScoped
public class ReloadNote {

    private String reason;
    private boolean taken;

    /** {@code expired}, {@code failed}, or null when the page was not loaded again. */
    public String getReason() {
        if (!taken) {
            taken = true;
            reason = (String) FacesContext.getCurrentInstance().getExternalContext().getSessionMap()
                    .remove(PageRecovery.RELOADED);
        }
        return reason;
    }
}
