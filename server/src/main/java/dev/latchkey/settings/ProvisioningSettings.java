package dev.latchkey.settings;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Users and applications applied idempotently at every start, so that they can be kept in version control
 * (with secrets from environment variables). Each entry is checked, by the rules the console applies, before
 * anything is migrated or written (see the provision package).
 *
 * @param users Users to create or update; an existing user's password is replaced by the configured one
 * @param applications Applications (OAuth clients) to create or update
 */
@ConfigurationProperties("latchkey.provision")
public record ProvisioningSettings(@DefaultValue List<ProvisionedUser> users,
        @DefaultValue List<ProvisionedApplication> applications) {

    /**
     * A user as an operator writes it in {@code latchkey.provision.users[]}.
     *
     * @param username Login name
     * @param password The password in clear text (use an environment variable); stored only as a slow salted hash
     * @param passwordHash The password as an Argon2id hash instead ({@code java -jar latchkey.jar hash-password}
     * makes one): no clear text in the configuration, and no hash computed at start. Exclusive with
     * {@code password}.
     * @param enabled Whether the user may sign in
     * @param admin Whether the user may use the admin console
     * @param name Full name, the {@code name} claim of scope {@code profile}; optional
     * @param email Email address, the {@code email} claim of scope {@code email}; optional
     * @param emailVerified Whether the email address was verified ({@code email_verified}); only with an email
     */
    public record ProvisionedUser(String username, String password, String passwordHash,
            @DefaultValue("true") boolean enabled, boolean admin, String name, String email, boolean emailVerified) {

        @Override
        public String toString() {
            return "ProvisionedUser[username=" + username + ", admin=" + admin + ", enabled=" + enabled + "]";
        }
    }

    /**
     * An application as an operator writes it in {@code latchkey.provision.applications[]}.
     *
     * @param clientId The client identifier (RFC 6749 §2.2)
     * @param name Name shown on the consent page and in the console; the client id when empty
     * @param type {@code public} (single-page or mobile app: no secret, PKCE required) or {@code confidential}
     * @param secret Confidential only: the client secret, at least 32 characters (use an environment variable)
     * @param grantTypes Allowed grants: authorization_code, refresh_token, client_credentials
     * @param redirectUris Redirect URIs, compared exactly (RFC 9700 §4.1.3)
     * @param postLogoutRedirectUris Where RP-initiated logout may return the browser
     * ({@code post_logout_redirect_uri}), compared exactly
     * @param idTokenSigningAlgorithm JWS algorithm of the application's ID tokens: {@code RS256} (OpenID Connect's
     * default) or {@code ES256}
     * @param scopes Scopes the application may request
     * @param skipAuthorization Skip the consent page (trusted first-party applications only)
     * @param allowPlainPkce Allow the {@code plain} PKCE method (RFC 7636 §4.2); only for clients that cannot do
     * SHA-256
     * @param allowedOrigins Browser origins allowed to call the token, revocation and userinfo endpoints (CORS)
     * @param accessTokenTimeToLive Access token lifetime; the server default when empty
     * @param refreshTokenTimeToLive Refresh token lifetime; the server default when empty
     * @param authorizationCodeTimeToLive Authorization code lifetime; the server default when empty
     * @param requireDpop Issue tokens only with a DPoP proof (RFC 9449), bound to the application's key, with a
     * server nonce in every proof
     * @param requirePushedAuthorizationRequests Accept authorization requests only as a {@code request_uri} from the
     * pushed authorization request endpoint (RFC 9126)
     * @param accessTokenFormat {@code reference} (opaque, checked by introspection) or {@code jwt} (signed, verified
     * offline against the JWKS); {@code latchkey.tokens.access-token-format} when empty
     * @param accessTokenSigningAlgorithm With {@code access-token-format: jwt} only: {@code ES256} (recommended) or
     * {@code RS256}; {@code latchkey.tokens.access-token-signing-algorithm} when empty
     */
    public record ProvisionedApplication(String clientId, String name, @DefaultValue("public") String type,
            String secret, @DefaultValue({ "authorization_code", "refresh_token" }) List<String> grantTypes,
            @DefaultValue List<String> redirectUris, @DefaultValue List<String> postLogoutRedirectUris,
            @DefaultValue("RS256") String idTokenSigningAlgorithm, @DefaultValue List<String> scopes,
            boolean skipAuthorization, boolean allowPlainPkce, @DefaultValue List<String> allowedOrigins,
            Duration accessTokenTimeToLive, Duration refreshTokenTimeToLive, Duration authorizationCodeTimeToLive,
            boolean requireDpop, boolean requirePushedAuthorizationRequests, String accessTokenFormat,
            String accessTokenSigningAlgorithm) {

        @Override
        public String toString() {
            return "ProvisionedApplication[clientId=" + clientId + ", type=" + type + "]";
        }
    }
}
