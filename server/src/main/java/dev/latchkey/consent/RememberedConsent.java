package dev.latchkey.consent;

import java.time.Instant;
import java.util.Set;

/** The scopes a user granted an application on the consent page, and when. */
public record RememberedConsent(String clientId, String principalName, Set<String> scopes, Instant grantedAt) {

    public RememberedConsent {
        scopes = Set.copyOf(scopes);
    }
}
