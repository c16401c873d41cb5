package dev.latchkey.consent;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.stereotype.Service;

import dev.latchkey.client.Application;
import dev.latchkey.client.ApplicationService;

/**
 * Remembered consents: which scopes a user granted an application. Applications with "skip
 * authorization" never need one, so their lookup costs no database read.
 */
@Service
public class JdbcConsentService implements OAuth2AuthorizationConsentService {

    private final JdbcClient jdbc;

    private final ApplicationService applications;

    public JdbcConsentService(JdbcClient jdbc, ApplicationService applications) {
        this.jdbc = jdbc;
        this.applications = applications;
    }

    @Override
    public void save(OAuth2AuthorizationConsent consent) {
        String scopes = String.join(" ", consent.getScopes());
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        if (update(consent, scopes, now) > 0) {
            return;
        }
        try {
            jdbc.sql("INSERT INTO authorization_consent (client_id, principal_name, scopes, granted_at) VALUES (?, ?, ?, ?)")
                .params(consent.getRegisteredClientId(), consent.getPrincipalName(), scopes, now)
                .update();
        }
        catch (DuplicateKeyException ex) {
            // The same user consented at the same moment in another tab, perhaps on another node: the last one wins,
            // as when a consent changes, instead of a failed request.
            update(consent, scopes, now);
        }
    }

    private int update(OAuth2AuthorizationConsent consent, String scopes, OffsetDateTime now) {
        return jdbc.sql("UPDATE authorization_consent SET scopes = ?, granted_at = ? WHERE client_id = ? AND principal_name = ?")
            .params(scopes, now, consent.getRegisteredClientId(), consent.getPrincipalName())
            .update();
    }

    @Override
    public void remove(OAuth2AuthorizationConsent consent) {
        jdbc.sql("DELETE FROM authorization_consent WHERE client_id = ? AND principal_name = ?")
            .params(consent.getRegisteredClientId(), consent.getPrincipalName())
            .update();
    }

    @Override
    public OAuth2AuthorizationConsent findById(String registeredClientId, String principalName) {
        if (applications.find(registeredClientId).map(Application::skipAuthorization).orElse(true)) {
            return null;
        }
        List<String> scopes = jdbc.sql("SELECT scopes FROM authorization_consent WHERE client_id = ? AND principal_name = ?")
            .params(registeredClientId, principalName)
            .query(String.class)
            .list();
        if (scopes.isEmpty() || scopes.get(0).isBlank()) {
            return null;
        }
        OAuth2AuthorizationConsent.Builder consent = OAuth2AuthorizationConsent.withId(registeredClientId, principalName);
        Arrays.stream(scopes.get(0).split(" ")).forEach(consent::scope);
        return consent.build();
    }

    /** Every consent this user remembered, newest first ("connected apps"). */
    public List<RememberedConsent> findByPrincipal(String principalName) {
        return jdbc.sql("SELECT client_id, principal_name, scopes, granted_at FROM authorization_consent "
                + "WHERE principal_name = ? ORDER BY granted_at DESC")
            .param(principalName)
            .query((rs, row) -> new RememberedConsent(rs.getString("client_id"), rs.getString("principal_name"),
                    scopes(rs.getString("scopes")), rs.getObject("granted_at", OffsetDateTime.class).toInstant()))
            .list();
    }

    /** Forgets what this user granted this application: the consent page is shown again next time. */
    public boolean remove(String clientId, String principalName) {
        return jdbc.sql("DELETE FROM authorization_consent WHERE client_id = ? AND principal_name = ?")
            .params(clientId, principalName)
            .update() > 0;
    }

    public int removeAllOfClient(String clientId) {
        return jdbc.sql("DELETE FROM authorization_consent WHERE client_id = ?").param(clientId).update();
    }

    private static Set<String> scopes(String stored) {
        Set<String> scopes = new LinkedHashSet<>(Arrays.asList(stored.trim().split(" +")));
        scopes.remove("");
        return scopes;
    }

    public int removeAllOfPrincipal(String principalName) {
        return jdbc.sql("DELETE FROM authorization_consent WHERE principal_name = ?").param(principalName).update();
    }
}
