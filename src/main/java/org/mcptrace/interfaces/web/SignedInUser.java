package org.mcptrace.interfaces.web;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.mcptrace.application.Caller;
import org.mcptrace.domain.access.Role;

/** The signed-in user as the pages show it: the header's name and role, and whether to offer changes. */
@Named("caller")
@RequestScoped
public class SignedInUser {

    @Inject
    Caller caller;

    public String getName() {
        return caller.getName();
    }

    public boolean isOperator() {
        return caller.isOperator();
    }

    public String getRole() {
        Role role = caller.consoleRole();
        return role == null ? "" : role.roleName();
    }
}
