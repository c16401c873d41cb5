package dev.latchkey.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Every Latchkey setting, under {@code latchkey.*}. Defaults are the safe ones; each property is
 * documented here so that Boot's configuration metadata (and {@code docs/configuration.md}) carry it.
 */
@ConfigurationProperties("latchkey")
public class LatchkeyProperties {

    /**
     * Issuer identifier (RFC 8414 §2): the scheme, host and port clients use to reach this server.
     * Appears as {@code iss} in tokens, discovery and authorization responses (RFC 9207).
     */
    private String issuer = "http://127.0.0.1:18000";

    /**
     * Directory for the embedded database and the generated key-encryption key file. A relative path must
     * start with {@code ./} (the embedded database refuses other relative paths).
     */
    private Path dataDirectory = Path.of("./data");

    /**
     * Base64 encoding of a 256-bit AES key that encrypts signing keys at rest. When empty, a key is
     * generated once into {@code <data-directory>/signing-key-encryption.key}. Set it (from a secret
     * store) in production, identically on every node.
     */
    private String keyEncryptionKey = "";

    /** Demo mode: provisions the seed's user and applications and prints their credentials once. */
    private boolean demo = false;

    private final Tokens tokens = new Tokens();

    private final Housekeeping housekeeping = new Housekeeping();
    private final SigningKeys signingKeys = new SigningKeys();

    private final Provision provision = new Provision();

    public String getIssuer() {
        return issuer;
    }

    public void setIssuer(String issuer) {
        this.issuer = issuer;
    }

    public Path getDataDirectory() {
        return dataDirectory;
    }

    public void setDataDirectory(Path dataDirectory) {
        this.dataDirectory = dataDirectory;
    }

    public String getKeyEncryptionKey() {
        return keyEncryptionKey;
    }

    public void setKeyEncryptionKey(String keyEncryptionKey) {
        this.keyEncryptionKey = keyEncryptionKey;
    }

    public boolean isDemo() {
        return demo;
    }

    public void setDemo(boolean demo) {
        this.demo = demo;
    }

    public Tokens getTokens() {
        return tokens;
    }

    public Housekeeping getHousekeeping() {
        return housekeeping;
    }

    /** Clean-up of expired grants; one node at a time does it. */
    public static class Housekeeping {

        /** How often expired grants are deleted. */
        private Duration interval = Duration.ofMinutes(5);

        /**
         * How long an expired grant is kept before it is deleted, so that a late replay of its code or
         * refresh token is still recognised (and refused with an explanation) rather than unknown.
         */
        private Duration keepExpired = Duration.ofDays(1);

        public Duration getInterval() {
            return interval;
        }

        public void setInterval(Duration interval) {
            this.interval = interval;
        }

        public Duration getKeepExpired() {
            return keepExpired;
        }

        public void setKeepExpired(Duration keepExpired) {
            this.keepExpired = keepExpired;
        }
    }

    public Provision getProvision() {
        return provision;
    }

    public SigningKeys getSigningKeys() {
        return signingKeys;
    }

    /**
     * Rotation of the keys that sign tokens. A key signs while active; after a rotation it is published
     * (its tokens still verify) for {@code retirement-grace}, then retired (gone from the JWKS).
     */
    public static class SigningKeys {

        /** How long a key signs before a new one replaces it. Checked every {@code rotation-check-interval}. */
        private Duration rotationPeriod = Duration.ofDays(90);

        /**
         * How long a replaced key stays published so that tokens it signed still verify. Must be longer than the
         * longest token lifetime: the access-token lifetime of every application (at most 24 hours) and the
         * ID token lifetime (30 minutes).
         */
        private Duration retirementGrace = Duration.ofDays(2);

        /** How often each node checks whether a rotation or a retirement is due (one node does it). */
        private Duration rotationCheckInterval = Duration.ofHours(1);

        public Duration getRotationPeriod() {
            return rotationPeriod;
        }

        public void setRotationPeriod(Duration rotationPeriod) {
            this.rotationPeriod = rotationPeriod;
        }

        public Duration getRetirementGrace() {
            return retirementGrace;
        }

        public void setRetirementGrace(Duration retirementGrace) {
            this.retirementGrace = retirementGrace;
        }

        public Duration getRotationCheckInterval() {
            return rotationCheckInterval;
        }

        public void setRotationCheckInterval(Duration rotationCheckInterval) {
            this.rotationCheckInterval = rotationCheckInterval;
        }
    }

    /** Default token lifetimes for applications that do not set their own. */
    public static class Tokens {

        /** Lifetime of an authorization code. RFC 6749 §4.1.2 recommends at most 10 minutes; 60 s is plenty. */
        private Duration authorizationCodeTimeToLive = Duration.ofSeconds(60);

        /** Lifetime of an access token. */
        private Duration accessTokenTimeToLive = Duration.ofMinutes(5);

        /** Lifetime of a refresh token; rotation issues a new one with a fresh lifetime. */
        private Duration refreshTokenTimeToLive = Duration.ofDays(30);

        /**
         * JWS algorithm of access tokens: {@code RS256} (default; every JWT library and Spring's resource
         * server defaults accept it) or {@code ES256} (several times cheaper to sign; resource servers must
         * accept ES256). Both keys are always published in the JWKS.
         */
        private String accessTokenSigningAlgorithm = "RS256";

        /**
         * What an access token is: {@code jwt} (default; a signed JWT that resource servers verify against
         * the JWKS) or {@code reference} (an opaque random string; resource servers ask the introspection
         * endpoint, which also makes revocation immediate everywhere, and issuing one costs no signature).
         */
        private AccessTokenFormat accessTokenFormat = AccessTokenFormat.JWT;

        public AccessTokenFormat getAccessTokenFormat() {
            return accessTokenFormat;
        }

        public void setAccessTokenFormat(AccessTokenFormat accessTokenFormat) {
            this.accessTokenFormat = accessTokenFormat;
        }

        public String getAccessTokenSigningAlgorithm() {
            return accessTokenSigningAlgorithm;
        }

        public void setAccessTokenSigningAlgorithm(String accessTokenSigningAlgorithm) {
            this.accessTokenSigningAlgorithm = accessTokenSigningAlgorithm;
        }

        public Duration getAuthorizationCodeTimeToLive() {
            return authorizationCodeTimeToLive;
        }

        public void setAuthorizationCodeTimeToLive(Duration authorizationCodeTimeToLive) {
            this.authorizationCodeTimeToLive = authorizationCodeTimeToLive;
        }

        public Duration getAccessTokenTimeToLive() {
            return accessTokenTimeToLive;
        }

        public void setAccessTokenTimeToLive(Duration accessTokenTimeToLive) {
            this.accessTokenTimeToLive = accessTokenTimeToLive;
        }

        public Duration getRefreshTokenTimeToLive() {
            return refreshTokenTimeToLive;
        }

        public void setRefreshTokenTimeToLive(Duration refreshTokenTimeToLive) {
            this.refreshTokenTimeToLive = refreshTokenTimeToLive;
        }
    }

    /** The two forms of access token (see {@link Tokens#getAccessTokenFormat()}). */
    public enum AccessTokenFormat {
        JWT, REFERENCE
    }

    /** Users and applications applied idempotently at every start (keep clients in version control). */
    public static class Provision {

        /** Users to create or update; an existing user's password is replaced by the configured one. */
        private List<ProvisionedUser> users = new ArrayList<>();

        /** Applications (OAuth clients) to create or update. */
        private List<ProvisionedApplication> applications = new ArrayList<>();

        public List<ProvisionedUser> getUsers() {
            return users;
        }

        public void setUsers(List<ProvisionedUser> users) {
            this.users = users;
        }

        public List<ProvisionedApplication> getApplications() {
            return applications;
        }

        public void setApplications(List<ProvisionedApplication> applications) {
            this.applications = applications;
        }
    }

    /** A user as an operator writes it in {@code latchkey.provision.users[]}. */
    public static class ProvisionedUser {

        /** Login name. */
        private String username;

        /** Password in clear text (use an environment variable); stored only as a slow salted hash. */
        private String password;

        /**
         * The password as an Argon2id hash instead ({@code java -jar latchkey.jar hash-password} makes one):
         * no clear text in the configuration, and no hash computed at start. Exclusive with {@code password}.
         */
        private String passwordHash;

        /** Whether the user may sign in. */
        private boolean enabled = true;

        /** Whether the user may use the admin console. */
        private boolean admin = false;

        /** Full name, the {@code name} claim of scope {@code profile}; optional. */
        private String name;

        /** Email address, the {@code email} claim of scope {@code email}; optional. */
        private String email;

        /** Whether the email address was verified ({@code email_verified}); only with an email. */
        private boolean emailVerified = false;

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public String getEmail() {
            return email;
        }

        public void setEmail(String email) {
            this.email = email;
        }

        public boolean isEmailVerified() {
            return emailVerified;
        }

        public void setEmailVerified(boolean emailVerified) {
            this.emailVerified = emailVerified;
        }

        public String getUsername() {
            return username;
        }

        public void setUsername(String username) {
            this.username = username;
        }

        public String getPassword() {
            return password;
        }

        public void setPassword(String password) {
            this.password = password;
        }

        public String getPasswordHash() {
            return passwordHash;
        }

        public void setPasswordHash(String passwordHash) {
            this.passwordHash = passwordHash;
        }

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public boolean isAdmin() {
            return admin;
        }

        public void setAdmin(boolean admin) {
            this.admin = admin;
        }
    }

    /** An application as an operator writes it in {@code latchkey.provision.applications[]}. */
    public static class ProvisionedApplication {

        /** The client identifier (RFC 6749 §2.2). */
        private String clientId;

        /** Name shown on the consent page and in the console. */
        private String name;

        /** {@code public} (SPA, mobile app: no secret, PKCE required) or {@code confidential}. */
        private String type = "public";

        /** Confidential only: the client secret, at least 32 characters (use an environment variable). */
        private String secret;

        /** Allowed grants: authorization_code, refresh_token, client_credentials. */
        private List<String> grantTypes = new ArrayList<>(List.of("authorization_code", "refresh_token"));

        /** Redirect URIs, compared exactly (RFC 9700 §4.1.3). */
        private List<String> redirectUris = new ArrayList<>();

        /** Where RP-initiated logout may return the browser ({@code post_logout_redirect_uri}), compared exactly. */
        private List<String> postLogoutRedirectUris = new ArrayList<>();

        /** JWS algorithm of the application's ID tokens: {@code RS256} (OpenID Connect's default) or {@code ES256}. */
        private String idTokenSigningAlgorithm = "RS256";

        public List<String> getPostLogoutRedirectUris() {
            return postLogoutRedirectUris;
        }

        public void setPostLogoutRedirectUris(List<String> postLogoutRedirectUris) {
            this.postLogoutRedirectUris = postLogoutRedirectUris;
        }

        public String getIdTokenSigningAlgorithm() {
            return idTokenSigningAlgorithm;
        }

        public void setIdTokenSigningAlgorithm(String idTokenSigningAlgorithm) {
            this.idTokenSigningAlgorithm = idTokenSigningAlgorithm;
        }

        /** Scopes the application may request. */
        private List<String> scopes = new ArrayList<>();

        /** Skip the consent page (trusted first-party applications only). */
        private boolean skipAuthorization = false;

        /** Allow the {@code plain} PKCE method (RFC 7636 §4.2); only for clients that cannot do SHA-256. */
        private boolean allowPlainPkce = false;

        /** Browser origins allowed to call the token, revocation and userinfo endpoints (CORS). */
        private List<String> allowedOrigins = new ArrayList<>();

        /** Access token lifetime; the server default when unset. */
        private Duration accessTokenTimeToLive;

        /** Refresh token lifetime; the server default when unset. */
        private Duration refreshTokenTimeToLive;

        /** Authorization code lifetime; the server default when unset. */
        private Duration authorizationCodeTimeToLive;

        public String getClientId() {
            return clientId;
        }

        public void setClientId(String clientId) {
            this.clientId = clientId;
        }

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public String getType() {
            return type;
        }

        public void setType(String type) {
            this.type = type;
        }

        public String getSecret() {
            return secret;
        }

        public void setSecret(String secret) {
            this.secret = secret;
        }

        public List<String> getGrantTypes() {
            return grantTypes;
        }

        public void setGrantTypes(List<String> grantTypes) {
            this.grantTypes = grantTypes;
        }

        public List<String> getRedirectUris() {
            return redirectUris;
        }

        public void setRedirectUris(List<String> redirectUris) {
            this.redirectUris = redirectUris;
        }

        public List<String> getScopes() {
            return scopes;
        }

        public void setScopes(List<String> scopes) {
            this.scopes = scopes;
        }

        public boolean isSkipAuthorization() {
            return skipAuthorization;
        }

        public void setSkipAuthorization(boolean skipAuthorization) {
            this.skipAuthorization = skipAuthorization;
        }

        public boolean isAllowPlainPkce() {
            return allowPlainPkce;
        }

        public void setAllowPlainPkce(boolean allowPlainPkce) {
            this.allowPlainPkce = allowPlainPkce;
        }

        public List<String> getAllowedOrigins() {
            return allowedOrigins;
        }

        public void setAllowedOrigins(List<String> allowedOrigins) {
            this.allowedOrigins = allowedOrigins;
        }

        public Duration getAccessTokenTimeToLive() {
            return accessTokenTimeToLive;
        }

        public void setAccessTokenTimeToLive(Duration accessTokenTimeToLive) {
            this.accessTokenTimeToLive = accessTokenTimeToLive;
        }

        public Duration getRefreshTokenTimeToLive() {
            return refreshTokenTimeToLive;
        }

        public void setRefreshTokenTimeToLive(Duration refreshTokenTimeToLive) {
            this.refreshTokenTimeToLive = refreshTokenTimeToLive;
        }

        public Duration getAuthorizationCodeTimeToLive() {
            return authorizationCodeTimeToLive;
        }

        public void setAuthorizationCodeTimeToLive(Duration authorizationCodeTimeToLive) {
            this.authorizationCodeTimeToLive = authorizationCodeTimeToLive;
        }
    }
}
