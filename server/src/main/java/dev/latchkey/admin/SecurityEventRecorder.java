package dev.latchkey.admin;

import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.stereotype.Component;

import dev.latchkey.authorization.GrantRevokedEvent;
import dev.latchkey.client.ApplicationService;
import dev.latchkey.guard.GuardedKind;
import dev.latchkey.guard.LockedOutEvent;
import dev.latchkey.protocol.errors.TooManyAttemptsException;
import dev.latchkey.user.UserService;

/**
 * Puts what the server detects into the audit log, for the console's home page: failed sign-ins, failed
 * client authentications, locks by the brute-force guard, and grants revoked because a code or refresh token was
 * replayed. A name that matches no account or application is not recorded as typed: it may be a password in the
 * wrong field.
 */
@Component
class SecurityEventRecorder {

    private final AuditLog audit;

    private final UserService users;

    private final ApplicationService applications;

    SecurityEventRecorder(AuditLog audit, UserService users, ApplicationService applications) {
        this.audit = audit;
        this.users = users;
        this.applications = applications;
    }

    /** Revocations by the server (a replay) or by a client (RFC 7009); operators' and users' own are recorded as changes. */
    @EventListener
    void on(GrantRevokedEvent event) {
        if (event.cause() == GrantRevokedEvent.Cause.OPERATOR || event.cause() == GrantRevokedEvent.Cause.USER) {
            return;
        }
        audit.security(AuditLog.SERVER, "grant.revoked", event.clientId(), "grant " + event.authorizationId() + ": "
                + event.reason());
    }

    /** A lock by the brute-force guard; the attempts it then holds back are not recorded one by one. */
    @EventListener
    void on(LockedOutEvent event) {
        String what = switch (event.kind()) {
            case ACCOUNT -> "account";
            case ADDRESS -> "address";
            case CLIENT -> "client";
        };
        String name = event.displayName() != null ? event.displayName()
                : event.kind() == GuardedKind.ACCOUNT ? "(unknown user)" : "(unknown)";
        audit.security(AuditLog.SERVER, what + ".locked", event.displayName(), name + " locked after " + event.failures()
                + " failures, until " + event.until() + " (or until an operator releases it)");
    }

    @EventListener
    void on(AbstractAuthenticationFailureEvent event) {
        if (event.getAuthentication() instanceof UsernamePasswordAuthenticationToken login) {
            String username = String.valueOf(login.getName());
            boolean known = users.find(username).isPresent();
            audit.security(known ? username : "(unknown user)", "login.failed", known ? username : null,
                    event.getException() instanceof DisabledException ? "the account is disabled"
                            : known ? "wrong password" : "no account has the name that was typed");
        }
        else if (event.getAuthentication() instanceof OAuth2ClientAuthenticationToken client
                && !(event.getException() instanceof TooManyAttemptsException)) {
            String clientId = String.valueOf(client.getPrincipal());
            boolean known = applications.find(clientId).isPresent();
            audit.security(known ? clientId : "(unknown client)", "client.authentication-failed",
                    known ? clientId : null, known ? "wrong or missing client credentials" : "unknown client_id");
        }
    }
}
