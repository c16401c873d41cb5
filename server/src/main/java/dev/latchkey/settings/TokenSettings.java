package dev.latchkey.settings;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Default token lifetimes and the default form of access tokens, for applications that do not set their own.
 *
 * @param authorizationCodeTimeToLive Lifetime of an authorization code; RFC 6749 §4.1.2 recommends at most 10
 * minutes, 60 s is plenty (1 s to 10 min)
 * @param accessTokenTimeToLive Lifetime of an access token (1 s to 24 h)
 * @param refreshTokenTimeToLive Lifetime of a refresh token; rotation issues a new one with a fresh lifetime (1 s
 * to 365 d)
 * @param accessTokenSigningAlgorithm JWS algorithm of JWT access tokens, for applications that set none of their
 * own: {@code RS256} (every JWT library and Spring's resource server accept it) or {@code ES256} (recommended:
 * several times cheaper to sign; resource servers must accept ES256). Both keys are always published in the JWKS.
 * @param accessTokenFormat What an access token is, for applications that set no format of their own:
 * {@code reference}, an opaque random string that resource servers introspect (revocation takes effect at once,
 * and issuing one costs no signature), or {@code jwt}, a signed JWT that resource servers verify offline against
 * the JWKS (valid until it expires, even after revocation)
 * @param refreshTokenRetryWindow How long after a refresh a retry presenting the same refresh token again gets the
 * same answer (the same access and refresh token) instead of revoking the grant as a replay, so that a client
 * that lost the response on a flaky network, or sent the refresh twice at once, stays signed in. Only the same
 * client gets it, and only until the new refresh token is used; after the window the old token is a replay and
 * revokes the whole grant (RFC 9700 §4.14.2). {@code 0s} turns it off (0 s to 1 min)
 */
@ConfigurationProperties("latchkey.tokens")
public record TokenSettings(@DefaultValue("60s") Duration authorizationCodeTimeToLive,
        @DefaultValue("5m") Duration accessTokenTimeToLive, @DefaultValue("30d") Duration refreshTokenTimeToLive,
        @DefaultValue("RS256") SigningAlgorithm accessTokenSigningAlgorithm,
        @DefaultValue("reference") AccessTokenFormat accessTokenFormat, @DefaultValue("10s") Duration refreshTokenRetryWindow) {

    /** The longest authorization code lifetime, for the server default and every application. */
    public static final Duration MAX_AUTHORIZATION_CODE_TIME_TO_LIVE = Duration.ofMinutes(10);

    public static final Duration MAX_ACCESS_TOKEN_TIME_TO_LIVE = Duration.ofHours(24);

    public static final Duration MAX_REFRESH_TOKEN_TIME_TO_LIVE = Duration.ofDays(365);

    public static final Duration MAX_REFRESH_TOKEN_RETRY_WINDOW = Duration.ofSeconds(60);

    /** Lifetime of ID tokens: Spring's authorization server's, not configurable here. */
    public static final Duration ID_TOKEN_TIME_TO_LIVE = Duration.ofMinutes(30);

    public TokenSettings {
        within("authorization-code-time-to-live", authorizationCodeTimeToLive, MAX_AUTHORIZATION_CODE_TIME_TO_LIVE);
        within("access-token-time-to-live", accessTokenTimeToLive, MAX_ACCESS_TOKEN_TIME_TO_LIVE);
        within("refresh-token-time-to-live", refreshTokenTimeToLive, MAX_REFRESH_TOKEN_TIME_TO_LIVE);
        if (refreshTokenRetryWindow == null || refreshTokenRetryWindow.isNegative()
                || refreshTokenRetryWindow.compareTo(MAX_REFRESH_TOKEN_RETRY_WINDOW) > 0) {
            throw new InvalidSettingException("refresh-token-retry-window", "must be between 0s (off) and "
                    + Rules.describe(MAX_REFRESH_TOKEN_RETRY_WINDOW) + ", not "
                    + (refreshTokenRetryWindow == null ? "empty" : Rules.describe(refreshTokenRetryWindow)));
        }
    }

    /** Whether {@code lifetime} lies between one second and {@code max}; the same rule holds for applications. */
    public static boolean isWithin(Duration lifetime, Duration max) {
        return lifetime != null && lifetime.compareTo(Duration.ofSeconds(1)) >= 0 && lifetime.compareTo(max) <= 0;
    }

    private static void within(String key, Duration lifetime, Duration max) {
        if (!isWithin(lifetime, max)) {
            throw new InvalidSettingException(key, "must be between 1s and " + Rules.describe(max) + ", not "
                    + (lifetime == null ? "empty" : Rules.describe(lifetime)));
        }
    }

    /** The JWS algorithms Latchkey signs with. */
    public enum SigningAlgorithm {
        RS256, ES256
    }

    /** The two forms of access token. */
    public enum AccessTokenFormat {
        JWT, REFERENCE
    }
}
