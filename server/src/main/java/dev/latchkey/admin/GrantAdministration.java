package dev.latchkey.admin;

import java.util.List;

import org.springframework.stereotype.Service;

import dev.latchkey.authorization.Grant;
import dev.latchkey.authorization.GrantRevokedEvent.Cause;
import dev.latchkey.authorization.GrantSelector;
import dev.latchkey.authorization.GrantStore;

/** Operators' view of live grants, and their revocations, each recorded in the audit log. */
@Service
public class GrantAdministration {

    public static final int LIST_LIMIT = 500;

    private final GrantStore grants;

    private final AuditLog audit;

    public GrantAdministration(GrantStore grants, AuditLog audit) {
        this.grants = grants;
        this.audit = audit;
    }

    /** Live grants, newest first; {@code user} and {@code clientId} narrow the list when not blank. */
    public List<Grant> list(String user, String clientId) {
        return grants.findActive(blankToNull(user), blankToNull(clientId), LIST_LIMIT);
    }

    public long countActive() {
        return grants.countActive();
    }

    public boolean revoke(String actor, String grantId) {
        return grants.findActive(grantId).map(grant -> {
            boolean revoked = grants.revoke(GrantSelector.byId(grantId), Cause.OPERATOR, "revoked by " + actor) > 0;
            if (revoked) {
                audit.change(actor, "grant.revoked", grant.clientId(), "grant " + grantId + " of " + grant.principalName());
            }
            return revoked;
        }).orElse(false);
    }

    public int revokeAllOfUser(String actor, String username) {
        int revoked = grants.revoke(GrantSelector.byUser(username), Cause.OPERATOR, "revoked by " + actor);
        audit.change(actor, "grant.revoked-all-of-user", username, revoked + " grant(s) revoked");
        return revoked;
    }

    public int revokeAllOfApplication(String actor, String clientId) {
        int revoked = grants.revoke(GrantSelector.byApplication(clientId), Cause.OPERATOR, "revoked by " + actor);
        audit.change(actor, "grant.revoked-all-of-application", clientId, revoked + " grant(s) revoked");
        return revoked;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
