package dev.latchkey.support;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The users and applications every test server is provisioned with, through the same
 * {@code latchkey.provision.*} configuration an operator writes.
 */
public final class TestWorld {

    public static final String ALICE = "alice";

    public static final String ALICE_PASSWORD = "alice-correct-horse-1";

    public static final String BOB = "bob";

    public static final String BOB_PASSWORD = "bob-battery-staple-2";

    /** Public, skip authorization: the seed's SPA. */
    public static final String SPA = "my-sexy-spa";

    public static final String SPA_REDIRECT = "http://my-sexy-spa/";

    public static final String SPA_ORIGIN = "http://my-sexy-spa";

    /** Public, consent required. */
    public static final String CONSENT_SPA = "consent-spa";

    public static final String CONSENT_SPA_REDIRECT = "http://consent-spa/callback";

    /** Public, allowed the plain PKCE method. */
    public static final String PLAIN_SPA = "plain-spa";

    public static final String PLAIN_SPA_REDIRECT = "http://plain-spa/cb";

    /** Public, skip authorization, codes live one second: to see a code expire. */
    public static final String QUICK_SPA = "quick-spa";

    public static final String QUICK_SPA_REDIRECT = "http://quick-spa/cb";

    /** Confidential: client_credentials, authorization_code, refresh_token. */
    public static final String BACKEND = "demo-backend";

    public static final String BACKEND_SECRET = "backend-secret-0123456789-abcdefghij";

    public static final String BACKEND_REDIRECT = "http://127.0.0.1:18999/cb";

    /** A second confidential client, to try another client's codes and tokens. */
    public static final String OTHER_BACKEND = "other-backend";

    public static final String OTHER_BACKEND_SECRET = "other-secret-0123456789-abcdefghijklm";

    /** Alice's profile: scopes profile and email see these. Bob has none. */
    public static final String ALICE_NAME = "Alice Liddell";

    public static final String ALICE_EMAIL = "alice@example.com";

    /** OpenID Connect: public, skip authorization, RS256 ID tokens, a registered post-logout URI. */
    public static final String OIDC_SPA = "oidc-spa";

    public static final String OIDC_SPA_REDIRECT = "http://oidc-spa/callback";

    public static final String OIDC_SPA_LOGOUT_REDIRECT = "http://oidc-spa/signed-out";

    /** OpenID Connect: public, consent required. */
    public static final String OIDC_CONSENT_SPA = "oidc-consent-spa";

    public static final String OIDC_CONSENT_SPA_REDIRECT = "http://oidc-consent-spa/cb";

    /** OpenID Connect: public, skip authorization, ES256 ID tokens. */
    public static final String OIDC_ES256_SPA = "oidc-es256-spa";

    public static final String OIDC_ES256_SPA_REDIRECT = "http://oidc-es256-spa/cb";

    /** OpenID Connect: public, skip authorization, access tokens live two seconds: to see one expire. */
    public static final String SHORT_TOKEN_SPA = "short-token-spa";

    public static final String SHORT_TOKEN_SPA_REDIRECT = "http://short-token-spa/cb";

    /** Public, skip authorization, OpenID Connect: authorization requests must be pushed first (RFC 9126). */
    public static final String PAR_SPA = "par-spa";

    public static final String PAR_SPA_REDIRECT = "http://par-spa/cb";

    /** Public, skip authorization, OpenID Connect: tokens only with a DPoP proof and its server nonce (RFC 9449). */
    public static final String DPOP_SPA = "dpop-spa";

    public static final String DPOP_SPA_REDIRECT = "http://dpop-spa/cb";

    /** Confidential, client_credentials: tokens only with a DPoP proof and its server nonce. */
    public static final String DPOP_BACKEND = "dpop-backend";

    public static final String DPOP_BACKEND_SECRET = "dpop-backend-secret-0123456789-abcdef";

    /**
     * OpenID Connect: public, skip authorization, JWT access tokens (set on the application, whatever the server's
     * default format) signed with the server's default algorithm (RS256 unless the server says otherwise): for
     * what only a JWT has, its header, claims and signature.
     */
    public static final String JWT_SPA = "jwt-spa";

    public static final String JWT_SPA_REDIRECT = "http://jwt-spa/cb";

    /** Confidential, client_credentials, authorization_code, refresh_token: JWT access tokens signed RS256. */
    public static final String JWT_BACKEND = "jwt-backend";

    public static final String JWT_BACKEND_SECRET = "jwt-backend-secret-0123456789-abcdefgh";

    /** Confidential, client_credentials: JWT access tokens signed ES256. */
    public static final String ES256_BACKEND = "es256-backend";

    public static final String ES256_BACKEND_SECRET = "es256-backend-secret-0123456789-abcdef";

    private TestWorld() {
    }

    public static Map<String, String> provisioning() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("latchkey.provision.users[0].username", ALICE);
        p.put("latchkey.provision.users[0].password", ALICE_PASSWORD);
        p.put("latchkey.provision.users[0].name", ALICE_NAME);
        p.put("latchkey.provision.users[0].email", ALICE_EMAIL);
        p.put("latchkey.provision.users[0].email-verified", "true");
        p.put("latchkey.provision.users[1].username", BOB);
        p.put("latchkey.provision.users[1].password", BOB_PASSWORD);
        application(p, 0, SPA, "public", "authorization_code,refresh_token", SPA_REDIRECT, true, false);
        p.put("latchkey.provision.applications[0].allowed-origins", SPA_ORIGIN);
        application(p, 1, CONSENT_SPA, "public", "authorization_code,refresh_token", CONSENT_SPA_REDIRECT, false, false);
        application(p, 2, PLAIN_SPA, "public", "authorization_code,refresh_token", PLAIN_SPA_REDIRECT, true, true);
        application(p, 3, BACKEND, "confidential", "client_credentials,authorization_code,refresh_token",
                BACKEND_REDIRECT, true, false);
        p.put("latchkey.provision.applications[3].secret", BACKEND_SECRET);
        application(p, 4, OTHER_BACKEND, "confidential", "client_credentials,authorization_code,refresh_token",
                "http://127.0.0.1:18998/cb", true, false);
        p.put("latchkey.provision.applications[4].secret", OTHER_BACKEND_SECRET);
        application(p, 5, QUICK_SPA, "public", "authorization_code,refresh_token", QUICK_SPA_REDIRECT, true, false);
        p.put("latchkey.provision.applications[5].authorization-code-time-to-live", "1s");
        application(p, 6, OIDC_SPA, "public", "authorization_code,refresh_token", OIDC_SPA_REDIRECT, true, false);
        p.put("latchkey.provision.applications[6].scopes", "openid,profile,email,read");
        p.put("latchkey.provision.applications[6].post-logout-redirect-uris", OIDC_SPA_LOGOUT_REDIRECT);
        application(p, 7, OIDC_CONSENT_SPA, "public", "authorization_code,refresh_token", OIDC_CONSENT_SPA_REDIRECT,
                false, false);
        p.put("latchkey.provision.applications[7].scopes", "openid,profile,email,read");
        application(p, 8, OIDC_ES256_SPA, "public", "authorization_code,refresh_token", OIDC_ES256_SPA_REDIRECT, true,
                false);
        p.put("latchkey.provision.applications[8].scopes", "openid,profile,email");
        p.put("latchkey.provision.applications[8].id-token-signing-algorithm", "ES256");
        application(p, 9, SHORT_TOKEN_SPA, "public", "authorization_code,refresh_token", SHORT_TOKEN_SPA_REDIRECT, true,
                false);
        p.put("latchkey.provision.applications[9].scopes", "openid,read");
        p.put("latchkey.provision.applications[9].access-token-time-to-live", "2s");
        application(p, 10, PAR_SPA, "public", "authorization_code,refresh_token", PAR_SPA_REDIRECT, true, false);
        p.put("latchkey.provision.applications[10].scopes", "openid,profile,read,write");
        p.put("latchkey.provision.applications[10].require-pushed-authorization-requests", "true");
        application(p, 11, DPOP_SPA, "public", "authorization_code,refresh_token", DPOP_SPA_REDIRECT, true, false);
        p.put("latchkey.provision.applications[11].scopes", "openid,profile,read,write");
        p.put("latchkey.provision.applications[11].require-dpop", "true");
        p.put("latchkey.provision.applications[12].client-id", DPOP_BACKEND);
        p.put("latchkey.provision.applications[12].type", "confidential");
        p.put("latchkey.provision.applications[12].grant-types", "client_credentials");
        p.put("latchkey.provision.applications[12].scopes", "read,write");
        p.put("latchkey.provision.applications[12].secret", DPOP_BACKEND_SECRET);
        p.put("latchkey.provision.applications[12].require-dpop", "true");
        application(p, 13, JWT_SPA, "public", "authorization_code,refresh_token", JWT_SPA_REDIRECT, true, false);
        p.put("latchkey.provision.applications[13].scopes", "openid,profile,email,read");
        p.put("latchkey.provision.applications[13].access-token-format", "jwt");
        application(p, 14, JWT_BACKEND, "confidential", "client_credentials,authorization_code,refresh_token",
                "http://127.0.0.1:18997/cb", true, false);
        p.put("latchkey.provision.applications[14].secret", JWT_BACKEND_SECRET);
        p.put("latchkey.provision.applications[14].access-token-format", "jwt");
        p.put("latchkey.provision.applications[14].access-token-signing-algorithm", "RS256");
        p.put("latchkey.provision.applications[15].client-id", ES256_BACKEND);
        p.put("latchkey.provision.applications[15].type", "confidential");
        p.put("latchkey.provision.applications[15].grant-types", "client_credentials");
        p.put("latchkey.provision.applications[15].scopes", "read,write");
        p.put("latchkey.provision.applications[15].secret", ES256_BACKEND_SECRET);
        p.put("latchkey.provision.applications[15].access-token-format", "jwt");
        p.put("latchkey.provision.applications[15].access-token-signing-algorithm", "ES256");
        return p;
    }

    private static void application(Map<String, String> p, int index, String clientId, String type, String grants,
            String redirectUri, boolean skipAuthorization, boolean allowPlain) {
        String prefix = "latchkey.provision.applications[" + index + "].";
        p.put(prefix + "client-id", clientId);
        p.put(prefix + "name", clientId + " (test)");
        p.put(prefix + "type", type);
        p.put(prefix + "grant-types", grants);
        p.put(prefix + "redirect-uris", redirectUri);
        p.put(prefix + "scopes", "read,write");
        p.put(prefix + "skip-authorization", String.valueOf(skipAuthorization));
        p.put(prefix + "allow-plain-pkce", String.valueOf(allowPlain));
    }
}
