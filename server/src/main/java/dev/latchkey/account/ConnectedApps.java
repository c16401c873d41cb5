package dev.latchkey.account;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import org.springframework.stereotype.Service;

import dev.latchkey.admin.AuditLog;
import dev.latchkey.authorization.Grant;
import dev.latchkey.authorization.GrantRevokedEvent.Cause;
import dev.latchkey.authorization.GrantSelector;
import dev.latchkey.authorization.GrantStore;
import dev.latchkey.client.Application;
import dev.latchkey.client.ApplicationService;
import dev.latchkey.consent.JdbcConsentService;
import dev.latchkey.consent.RememberedConsent;

/**
 * "Connected apps": the applications a user authorized, from their live grants and remembered consents,
 * and the user's own revocation of one. Revoking kills the application's refresh and access tokens for
 * this user at once and forgets the consent, so the next sign-in asks again.
 */
@Service
public class ConnectedApps {

    private static final int GRANT_LIMIT = 1000;

    private final GrantStore grants;

    private final JdbcConsentService consents;

    private final ApplicationService applications;

    private final AuditLog audit;

    public ConnectedApps(GrantStore grants, JdbcConsentService consents, ApplicationService applications,
            AuditLog audit) {
        this.grants = grants;
        this.consents = consents;
        this.applications = applications;
        this.audit = audit;
    }

    /** The user's connected applications, most recently authorized first. */
    public List<ConnectedApp> of(String username) {
        Map<String, List<Grant>> grantsByClient = new LinkedHashMap<>();
        for (Grant grant : grants.findActive(username, null, GRANT_LIMIT)) {
            if (!grant.isClientCredentials()) {
                grantsByClient.computeIfAbsent(grant.clientId(), id -> new ArrayList<>()).add(grant);
            }
        }
        Map<String, RememberedConsent> consentByClient = new LinkedHashMap<>();
        consents.findByPrincipal(username).forEach(consent -> consentByClient.put(consent.clientId(), consent));
        TreeSet<String> clientIds = new TreeSet<>(grantsByClient.keySet());
        clientIds.addAll(consentByClient.keySet());
        List<ConnectedApp> connected = new ArrayList<>();
        for (String clientId : clientIds) {
            Optional<Application> app = applications.find(clientId);
            if (app.isEmpty()) {
                continue;
            }
            TreeSet<String> scopes = new TreeSet<>();
            Instant authorizedAt = Instant.EPOCH;
            for (Grant grant : grantsByClient.getOrDefault(clientId, List.of())) {
                scopes.addAll(grant.scopes());
                authorizedAt = grant.authorizedAt().isAfter(authorizedAt) ? grant.authorizedAt() : authorizedAt;
            }
            RememberedConsent consent = consentByClient.get(clientId);
            if (consent != null) {
                scopes.addAll(consent.scopes());
                authorizedAt = consent.grantedAt().isAfter(authorizedAt) ? consent.grantedAt() : authorizedAt;
            }
            connected.add(new ConnectedApp(clientId, app.get().name(), List.copyOf(scopes), authorizedAt));
        }
        connected.sort(Comparator.comparing(ConnectedApp::authorizedAt).reversed());
        return connected;
    }

    /** Revokes what this user gave this application; {@code false} when there was nothing to revoke. */
    public boolean revoke(String username, String clientId) {
        int revoked = grants.revoke(GrantSelector.byUserAndApplication(username, clientId), Cause.USER,
                "revoked by the user in connected apps");
        boolean forgotten = consents.remove(clientId, username);
        if (revoked == 0 && !forgotten) {
            return false;
        }
        audit.change(username, "connected-app.revoked", clientId,
                revoked + " grant(s) revoked" + (forgotten ? ", consent forgotten" : ""));
        return true;
    }
}
