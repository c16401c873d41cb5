package dev.latchkey.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.util.Map;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.AuthenticationResponse;
import com.nimbusds.openid.connect.sdk.AuthenticationResponseParser;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;

import dev.latchkey.support.OAuthClient.Response;

/**
 * A relying party built on the Nimbus OAuth 2.0 / OpenID Connect SDK, an implementation independent of
 * Latchkey and strict about the specifications: it reads discovery, builds requests and parses and validates
 * responses with the SDK's own checks (none switched off). The browser steps go through an {@link OAuthClient}
 * with a cookie jar, signing in through the login form.
 */
public final class OidcRelyingParty {

    private final LatchkeyServer server;

    private final OAuthClient browser;

    private final OIDCProviderMetadata metadata;

    private final ClientID clientId;

    private final URI redirectUri;

    public OidcRelyingParty(LatchkeyServer server, String clientId, String redirectUri) {
        this(server, clientId, redirectUri, server.client());
    }

    /** A relying party using an existing browser (its cookies, so its session). */
    public OidcRelyingParty(LatchkeyServer server, String clientId, String redirectUri, OAuthClient browser) {
        this.server = server;
        this.browser = browser;
        this.clientId = new ClientID(clientId);
        this.redirectUri = URI.create(redirectUri);
        try {
            this.metadata = OIDCProviderMetadata.resolve(new Issuer(server.baseUrl()));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (com.nimbusds.oauth2.sdk.GeneralException ex) {
            throw new IllegalStateException("Discovery was refused by the SDK", ex);
        }
    }

    public OIDCProviderMetadata metadata() {
        return metadata;
    }

    public OAuthClient browser() {
        return browser;
    }

    public ClientID clientId() {
        return clientId;
    }

    /** A code-flow authentication request with PKCE S256, a state and a nonce. */
    public Attempt attempt(Scope scope, Map<String, String> extraParameters) {
        return attempt(scope, extraParameters, new Nonce());
    }

    /** As {@link #attempt(Scope, Map)}, with this nonce, or none when {@code null}. */
    public Attempt attempt(Scope scope, Map<String, String> extraParameters, Nonce nonce) {
        State state = new State();
        CodeVerifier verifier = new CodeVerifier();
        AuthenticationRequest.Builder builder = new AuthenticationRequest.Builder(ResponseType.CODE, scope, clientId,
                redirectUri)
            .endpointURI(metadata.getAuthorizationEndpointURI())
            .state(state)
            .nonce(nonce)
            .codeChallenge(verifier, CodeChallengeMethod.S256);
        extraParameters.forEach((name, value) -> builder.customParameter(name, value));
        return new Attempt(builder.build(), state, nonce, verifier);
    }

    /** The browser's GET of the authentication request. */
    public Response send(Attempt attempt) {
        return browser.get(pathAndQuery(attempt.request().toURI()), Map.of("Accept", "text/html"));
    }

    /** Follows a redirect within the server (e.g. back to the authorization endpoint after sign-in). */
    public Response follow(Response redirect) {
        String location = redirect.header("Location");
        return browser.get(location.startsWith("http") ? pathAndQuery(URI.create(location)) : location,
                Map.of("Accept", "text/html"));
    }

    /** Signs in from the login page the server sent the browser to, and follows back to the authorization endpoint. */
    public Response signIn(String username, String password) {
        Response loggedIn = browser.login(username, password);
        if (loggedIn.status() != 302) {
            throw new IllegalStateException("Sign-in failed: " + loggedIn);
        }
        return follow(loggedIn);
    }

    /** The authorization response, parsed by the SDK (state, code or error, iss). */
    public AuthenticationResponse parse(Response redirectToClient) {
        try {
            return AuthenticationResponseParser.parse(URI.create(redirectToClient.header("Location")));
        }
        catch (ParseException ex) {
            throw new IllegalStateException("Not an authentication response: " + redirectToClient, ex);
        }
    }

    /** Sends the browser through the whole flow as this user, and redeems the code. */
    public OIDCTokenResponse signInAndRedeem(Attempt attempt, String username, String password) {
        Response first = send(attempt);
        Response back = first.header("Location") != null && first.header("Location").endsWith("/login")
                ? signIn(username, password) : first;
        return redeem(attempt, parse(back).toSuccessResponse().getAuthorizationCode());
    }

    public OIDCTokenResponse redeem(Attempt attempt, AuthorizationCode code) {
        return token(new AuthorizationCodeGrant(code, redirectUri, attempt.verifier()));
    }

    /** A token request as a public client; fails unless the SDK parses a successful OpenID Connect response. */
    public OIDCTokenResponse token(AuthorizationGrant grant) {
        TokenResponse response = tokenResponse(grant);
        if (!response.indicatesSuccess()) {
            throw new IllegalStateException("Token request refused: "
                    + response.toErrorResponse().getErrorObject().toJSONObject());
        }
        return (OIDCTokenResponse) response.toSuccessResponse();
    }

    public TokenResponse tokenResponse(AuthorizationGrant grant) {
        try {
            return OIDCTokenResponseParser.parse(new TokenRequest(metadata.getTokenEndpointURI(), clientId, grant)
                .toHTTPRequest()
                .send());
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (ParseException ex) {
            throw new IllegalStateException("Not a token response", ex);
        }
    }

    /** The SDK's ID token validator against the server's published JWKS: signature, iss, aud, exp, iat, nonce. */
    public IDTokenValidator validator(JWSAlgorithm algorithm) {
        try {
            return new IDTokenValidator(metadata.getIssuer(), clientId, algorithm, metadata.getJWKSetURI().toURL());
        }
        catch (MalformedURLException ex) {
            throw new IllegalStateException(ex);
        }
    }

    public IDTokenClaimsSet validate(JWT idToken, Nonce nonce) {
        try {
            return validator(JWSAlgorithm.parse(idToken.getHeader().getAlgorithm().getName())).validate(idToken, nonce);
        }
        catch (Exception ex) {
            throw new IllegalStateException("The SDK refused the ID token: " + ex.getMessage(), ex);
        }
    }

    public String baseUrl() {
        return server.baseUrl();
    }

    static String pathAndQuery(URI uri) {
        return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    /** One authentication request and the secrets the relying party keeps for it. */
    public record Attempt(AuthenticationRequest request, State state, Nonce nonce, CodeVerifier verifier) {
    }
}
