package dev.latchkey.protocol.errors;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;

/**
 * A client held back after too many wrong secrets: answered 429 with {@code Retry-After} (RFC 6585 §4) and
 * {@code temporarily_unavailable}, whatever the secret, so that the answer says nothing about it.
 */
public final class TooManyAttemptsException extends OAuth2AuthenticationException {

    private static final long serialVersionUID = 1L;

    private final long retryAfterSeconds;

    TooManyAttemptsException(String clientId, long retryAfterSeconds) {
        super(new OAuth2Error(OAuth2ErrorCodes.TEMPORARILY_UNAVAILABLE, "Too many failed authentications of client_id '"
                + clientId + "': it is held back for " + retryAfterSeconds + " s (Retry-After), whatever the secret. "
                + "Check the secret the client sends; an operator can release it in the admin console", null));
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
