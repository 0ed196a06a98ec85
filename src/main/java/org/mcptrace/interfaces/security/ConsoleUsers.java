package org.mcptrace.interfaces.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.util.Optional;
import java.util.Set;
import org.mcptrace.application.Access;
import org.mcptrace.domain.access.Identity;
import org.mcptrace.domain.access.Role;

/**
 * The console's users as a Jakarta Security identity store: the password check is {@link Access}'s, the one group is
 * the role. Both ways a person signs in (HTTP Basic in {@link ConsoleAuthentication}, the login page) ask the
 * container's {@code IdentityStoreHandler}, so another store (LDAP, a database) would serve both.
 */
@ApplicationScoped
public class ConsoleUsers implements IdentityStore {

    @Inject
    Access access;

    public CredentialValidationResult validate(UsernamePasswordCredential credential) {
        return access.signIn(credential.getCaller(), credential.getPasswordAsString())
                .map(user -> new CredentialValidationResult(user.name(), Set.of(user.role().roleName())))
                .orElse(CredentialValidationResult.INVALID_RESULT);
    }

    /** The console user a validation stands for, as the session keeps it. */
    public static Optional<Identity> identity(CredentialValidationResult result) {
        if (result.getStatus() != CredentialValidationResult.Status.VALID) {
            return Optional.empty();
        }
        Role role = result.getCallerGroups().contains(Role.OPERATOR_ROLE) ? Role.OPERATOR : Role.VIEWER;
        return Optional.of(new Identity(result.getCallerPrincipal().getName(), role));
    }
}
