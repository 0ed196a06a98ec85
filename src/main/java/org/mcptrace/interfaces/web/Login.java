package org.mcptrace.interfaces.web;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Optional;
import org.mcptrace.application.Access;
import org.mcptrace.domain.access.Identity;
import org.mcptrace.interfaces.security.ConsoleUsers;

/** Signing in and out of the console. */
@Named
@RequestScoped
public class Login {

    @Inject
    Access access;

    @Inject
    IdentityStoreHandler identityStores;

    private String username;
    private String password;
    private String next;

    public void signIn() throws IOException {
        FacesContext faces = FacesContext.getCurrentInstance();
        ExternalContext external = faces.getExternalContext();
        Optional<Identity> identity = username == null || password == null ? Optional.empty()
                : ConsoleUsers.identity(identityStores.validate(new UsernamePasswordCredential(username, password)));
        password = null;
        if (identity.isEmpty()) {
            // one message for either mistake, so the page does not confirm which user names exist
            faces.addMessage(null, new FacesMessage(FacesMessage.SEVERITY_ERROR, "Wrong username or password.", null));
            faces.validationFailed();
            return;
        }
        HttpServletRequest request = (HttpServletRequest) external.getRequest();
        HttpSession session = request.getSession(false);
        if (session != null && session.getAttribute(Identity.ATTRIBUTE) != null) {
            // switching user: nothing of the previous user's session (views, state) carries over
            session.invalidate();
            session = request.getSession(true);
        } else {
            session = request.getSession(true);
            // a new session id once signed in, so an id planted before sign-in (session fixation) is worthless
            request.changeSessionId();
        }
        session.setAttribute(Identity.ATTRIBUTE, identity.get());
        session.setMaxInactiveInterval(access.sessionTimeoutMinutes() * 60);
        external.redirect(external.getRequestContextPath() + safeNext());
    }

    public void signOut() throws IOException, ServletException {
        ExternalContext external = FacesContext.getCurrentInstance().getExternalContext();
        HttpServletRequest request = (HttpServletRequest) external.getRequest();
        request.logout();
        external.invalidateSession();
        external.redirect(external.getRequestContextPath() + "/login.xhtml?signedOut=true");
    }

    // only a path inside this application: an absolute or protocol-relative URL would make the login an open redirect
    String safeNext() {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")
                || next.chars().anyMatch(c -> c < 0x20 || c == 0x7f) || next.startsWith("/login.xhtml")) {
            return "/";
        }
        return next;
    }

    public String getUsername() {
        return username;
    }

    public void setUsername(String username) {
        this.username = username;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public String getNext() {
        return next;
    }

    public void setNext(String next) {
        this.next = next;
    }
}
