package dev.latchkey.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Makes discovery (RFC 8414, OpenID Connect Discovery) state exactly what Latchkey enforces: the grants,
 * client authentication methods and PKCE methods on offer, and RFC 9207's {@code iss} parameter. Spring
 * advertises more (token exchange, mTLS, DPoP, JWT client assertions) than Latchkey's applications can use.
 */
public final class DiscoveryPolicy {

    static final List<String> GRANT_TYPES = List.of("authorization_code", "refresh_token", "client_credentials");

    static final List<String> CLIENT_AUTHENTICATION_METHODS = List.of("client_secret_basic", "client_secret_post", "none");

    private final BooleanSupplier anyApplicationAllowsPlainPkce;

    public DiscoveryPolicy(BooleanSupplier anyApplicationAllowsPlainPkce) {
        this.anyApplicationAllowsPlainPkce = anyApplicationAllowsPlainPkce;
    }

    public void apply(Map<String, Object> claims) {
        claims.put("grant_types_supported", GRANT_TYPES);
        claims.put("response_types_supported", List.of("code"));
        claims.put("response_modes_supported", List.of("query"));
        claims.put("token_endpoint_auth_methods_supported", CLIENT_AUTHENTICATION_METHODS);
        claims.put("revocation_endpoint_auth_methods_supported", CLIENT_AUTHENTICATION_METHODS);
        claims.put("introspection_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post"));
        List<String> pkceMethods = new ArrayList<>(List.of(Pkce.S256));
        if (anyApplicationAllowsPlainPkce.getAsBoolean()) {
            pkceMethods.add(Pkce.PLAIN);
        }
        claims.put("code_challenge_methods_supported", pkceMethods);
        claims.put("authorization_response_iss_parameter_supported", true);
        claims.remove("tls_client_certificate_bound_access_tokens");
        claims.remove("dpop_signing_alg_values_supported");
        claims.remove("pushed_authorization_request_endpoint");
        claims.remove("require_pushed_authorization_requests");
        claims.remove("device_authorization_endpoint");
        claims.remove("registration_endpoint");
    }
}
