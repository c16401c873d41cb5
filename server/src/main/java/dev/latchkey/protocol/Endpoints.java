package dev.latchkey.protocol;

/**
 * Where the OAuth 2.1 and OpenID Connect endpoints are: django-oauth-toolkit's paths, so a team coming from
 * it finds them where it expects. Discovery advertises them (RFC 8414, OpenID Connect Discovery).
 */
public final class Endpoints {

    public static final String AUTHORIZATION = "/o/authorize/";

    public static final String TOKEN = "/o/token/";

    /** Pushed authorization requests (RFC 9126); its {@code request_uri} is then sent to {@link #AUTHORIZATION}. */
    public static final String PUSHED_AUTHORIZATION_REQUEST = "/o/par/";

    public static final String REVOCATION = "/o/revoke_token/";

    public static final String INTROSPECTION = "/o/introspect/";

    public static final String JWKS = "/o/jwks/";

    public static final String USERINFO = "/o/userinfo/";

    public static final String LOGOUT = "/o/logout/";

    /** The consent page the authorization endpoint sends a user to. */
    public static final String CONSENT_PAGE = "/consent";

    private Endpoints() {
    }
}
