package dev.latchkey.ops;

import java.util.Locale;

import dev.latchkey.protocol.Endpoints;

/**
 * The part of the server a request is for: the metrics' {@code endpoint} tag. A fixed set, so that no request
 * path, however made up, adds a time series.
 */
public enum EndpointGroup {

    AUTHORIZE(Endpoints.AUTHORIZATION), TOKEN(Endpoints.TOKEN), PAR(Endpoints.PUSHED_AUTHORIZATION_REQUEST),
    REVOKE(Endpoints.REVOCATION), INTROSPECT(Endpoints.INTROSPECTION), USERINFO(Endpoints.USERINFO),
    JWKS(Endpoints.JWKS), LOGOUT(Endpoints.LOGOUT), DISCOVERY("/.well-known/"), LOGIN("/login"),
    CONSENT(Endpoints.CONSENT_PAGE), API("/api/"), ADMIN_API("/admin/api/"), ADMIN("/admin"),
    MANAGEMENT("/actuator"), OTHER("/");

    private static final EndpointGroup[] VALUES = values();

    private final String prefix;

    private final String tag;

    EndpointGroup(String prefix) {
        this.prefix = prefix;
        this.tag = name().toLowerCase(Locale.ROOT);
    }

    /** The value of the {@code endpoint} tag. */
    public String tag() {
        return tag;
    }

    /** The group of a request path ({@code getRequestURI()}); the first prefix that matches, in declaration order. */
    public static EndpointGroup of(String path) {
        if (path == null) {
            return OTHER;
        }
        for (EndpointGroup group : VALUES) {
            if (path.startsWith(group.prefix)) {
                return group;
            }
        }
        return OTHER;
    }
}
