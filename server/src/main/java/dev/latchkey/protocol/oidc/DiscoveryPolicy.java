package dev.latchkey.protocol.oidc;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import dev.latchkey.client.Application;
import dev.latchkey.protocol.dpop.DPoPProofs;
import dev.latchkey.protocol.pkce.Pkce;

/**
 * Makes discovery (RFC 8414, OpenID Connect Discovery) state exactly what Latchkey enforces: the grants,
 * client authentication methods and PKCE methods on offer, RFC 9207's {@code iss} parameter, pushed
 * authorization requests (RFC 9126) and the algorithms of DPoP proofs Latchkey verifies (RFC 9449 §5.1). Spring advertises more (token exchange, mTLS, JWT client assertions) than
 * Latchkey's applications can use.
 */
public final class DiscoveryPolicy {

    static final List<String> GRANT_TYPES = List.of("authorization_code", "refresh_token", "client_credentials");

    static final List<String> CLIENT_AUTHENTICATION_METHODS = List.of("client_secret_basic", "client_secret_post", "none");

    /** The ID token claims Latchkey issues (OpenID Connect Core §2), besides the user claims of scopes. */
    static final List<String> ID_TOKEN_CLAIMS = List.of("iss", "aud", "exp", "iat", "auth_time", "nonce", "at_hash",
            "azp", "sid");

    private final BooleanSupplier anyApplicationAllowsPlainPkce;

    private final Supplier<Collection<String>> applicationScopes;

    public DiscoveryPolicy(BooleanSupplier anyApplicationAllowsPlainPkce, Supplier<Collection<String>> applicationScopes) {
        this.anyApplicationAllowsPlainPkce = anyApplicationAllowsPlainPkce;
        this.applicationScopes = applicationScopes;
    }

    /**
     * OpenID Connect Discovery 1.0 §3 on top of {@link #apply}: the scopes and claims on offer, the ID token
     * algorithms applications may choose, the prompt values honoured, and what is not supported (request
     * objects, the claims parameter), so that a relying party assumes nothing.
     */
    public void applyOpenIdConnect(Map<String, Object> claims) {
        apply(claims);
        Set<String> scopes = new LinkedHashSet<>(ScopeClaims.SCOPES);
        scopes.addAll(applicationScopes.get());
        claims.put("scopes_supported", List.copyOf(scopes));
        List<String> supportedClaims = new ArrayList<>(ScopeClaims.CLAIMS);
        supportedClaims.addAll(ID_TOKEN_CLAIMS);
        claims.put("claims_supported", supportedClaims);
        claims.put("subject_types_supported", List.of("public"));
        claims.put("id_token_signing_alg_values_supported", Application.ID_TOKEN_SIGNING_ALGORITHMS);
        claims.put("prompt_values_supported", List.of(Prompts.NONE, Prompts.LOGIN, Prompts.CONSENT));
        claims.put("claims_parameter_supported", false);
        claims.put("request_parameter_supported", false);
        claims.put("request_uri_parameter_supported", false);
        claims.put("frontchannel_logout_supported", false);
        claims.put("backchannel_logout_supported", false);
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
        // RFC 9126 §5: pushing is on offer to every application, required only of those that say so.
        claims.put("require_pushed_authorization_requests", false);
        claims.put("dpop_signing_alg_values_supported", DPoPProofs.ALGORITHMS);
        claims.remove("tls_client_certificate_bound_access_tokens");
        claims.remove("device_authorization_endpoint");
        claims.remove("registration_endpoint");
    }
}
