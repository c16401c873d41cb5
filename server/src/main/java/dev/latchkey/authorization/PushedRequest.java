package dev.latchkey.authorization;

import java.time.Instant;
import java.util.List;

import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;

/**
 * A pushed authorization request (RFC 9126) as stored, found by its {@code request_uri}.
 *
 * @param grantId the grant it is stored as until it is used
 * @param clientId the client that pushed it, the only one that may use it (RFC 9126 §4)
 * @param request the authorization request's parameters as they were pushed and validated
 * @param expiresAt when its request_uri stops being accepted
 */
public record PushedRequest(String grantId, String clientId, OAuth2AuthorizationRequest request, Instant expiresAt) {

    /**
     * The parameters of a pushed request that the authorization request made with its request_uri still reads,
     * besides those stored with every grant: OpenID Connect's sign-in parameters (Core §3.1.2.1). Nothing else a
     * client pushed (a client_secret sent in the body, say) is stored.
     */
    public static final List<String> SIGN_IN_PARAMETERS = List.of("prompt", "max_age", "id_token_hint", "login_hint");

    /** At most this many characters of {@link #SIGN_IN_PARAMETERS} values are stored with a pushed request. */
    public static final int MAX_SIGN_IN_PARAMETER_CHARACTERS = 4000;

    public boolean isExpired(Instant now) {
        return !expiresAt.isAfter(now);
    }

    @Override
    public String toString() {
        return "PushedRequest[" + grantId + "]";
    }
}
