package dev.latchkey.protocol.oidc;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;

/**
 * The {@code prompt} values of an OpenID Connect authentication request (Core §3.1.2.1). Like Spring, only
 * a request for the {@code openid} scope has any: in a plain OAuth request the parameter is unknown.
 */
public final class Prompts {

    public static final String NONE = "none";

    public static final String LOGIN = "login";

    public static final String CONSENT = "consent";

    private Prompts() {
    }

    public static Set<String> of(OAuth2AuthorizationCodeRequestAuthenticationToken request) {
        Object prompt = request.getAdditionalParameters().get("prompt");
        if (!request.getScopes().contains(OidcScopes.OPENID) || !(prompt instanceof String value)) {
            return Set.of();
        }
        return Arrays.stream(value.split(" ")).filter(part -> !part.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }

    /** The request's {@code max_age} in seconds, or -1 (also when it is not an OpenID Connect request). */
    public static long maxAge(OAuth2AuthorizationCodeRequestAuthenticationToken request) {
        Object maxAge = request.getAdditionalParameters().get("max_age");
        return request.getScopes().contains(OidcScopes.OPENID) && maxAge instanceof String value ? maxAgeSeconds(value)
                : -1;
    }

    /** The seconds of a {@code max_age} value, or -1 when it is not a non-negative whole number. */
    public static long maxAgeSeconds(String value) {
        if (value == null || value.isEmpty() || value.length() > 12 || !value.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        return Long.parseLong(value);
    }
}
