package dev.latchkey.client;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

import org.springframework.context.event.EventListener;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;
import org.springframework.stereotype.Component;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.latchkey.settings.TokenSettings;
import dev.latchkey.settings.TokenSettings.AccessTokenFormat;

/**
 * Presents Latchkey's applications to the authorization server as {@link RegisteredClient}s. The
 * registered client id is the client id. Registration happens through {@link ApplicationService}, not
 * through {@link #save}.
 */
@Component
public class ApplicationClientRepository implements RegisteredClientRepository {

    /** Client setting: whether the {@code plain} PKCE method is allowed (RFC 7636 §4.2). */
    public static final String ALLOW_PLAIN_PKCE = "latchkey.allow-plain-pkce";

    /** Client setting: whether tokens are issued only with a DPoP proof and its server nonce (RFC 9449 §5.2, §8). */
    public static final String REQUIRE_DPOP = "latchkey.require-dpop";

    /** Client setting: whether authorization requests must be pushed first (RFC 9126 §6). */
    public static final String REQUIRE_PUSHED_REQUESTS = "latchkey.require-pushed-requests";

    /** Client setting: the application's allowed CORS origins. */
    public static final String ALLOWED_ORIGINS = "latchkey.allowed-origins";

    /**
     * Token setting: the {@link SignatureAlgorithm} of the application's JWT access tokens. Spring's token
     * settings carry the ID token's algorithm only; its JWT generator signs access tokens with RS256 unless a
     * customizer says otherwise.
     */
    public static final String ACCESS_TOKEN_SIGNING_ALGORITHM = "latchkey.access-token-signing-algorithm";

    private final ApplicationService applications;

    private final TokenSettings defaults;

    /** Mapped clients, so the hot path builds no settings maps; same lifetime as the application cache. */
    private final Cache<String, Optional<RegisteredClient>> clients = Caffeine.newBuilder()
        .maximumSize(10_000)
        .expireAfterWrite(ApplicationService.CACHE_TTL)
        .build();

    public ApplicationClientRepository(ApplicationService applications, TokenSettings tokens) {
        this.applications = applications;
        this.defaults = tokens;
    }

    @EventListener
    void on(ApplicationChangedEvent event) {
        clients.invalidate(event.clientId());
    }

    @Override
    public void save(RegisteredClient registeredClient) {
        throw new UnsupportedOperationException("Applications are registered through the console, API or provisioning");
    }

    @Override
    public RegisteredClient findById(String id) {
        return findByClientId(id);
    }

    @Override
    public RegisteredClient findByClientId(String clientId) {
        if (clientId == null) {
            return null;
        }
        return clients.get(clientId, id -> applications.find(id).map(this::toRegisteredClient))
            .orElse(null);
    }

    /** Whether the client's application has {@code setting} (one of the boolean settings above) on. */
    public static boolean isOn(RegisteredClient client, String setting) {
        return Boolean.TRUE.equals(client.getClientSettings().getSetting(setting));
    }

    private RegisteredClient toRegisteredClient(Application app) {
        RegisteredClient.Builder builder = RegisteredClient.withId(app.clientId())
            .clientId(app.clientId())
            .clientName(app.name())
            .clientIdIssuedAt(Instant.EPOCH);
        if (app.isPublic()) {
            builder.clientAuthenticationMethod(ClientAuthenticationMethod.NONE);
        }
        else {
            builder.clientSecret(app.secretHash())
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST);
        }
        app.grantTypes().forEach(grant -> builder.authorizationGrantType(new AuthorizationGrantType(grant)));
        app.redirectUris().forEach(builder::redirectUri);
        app.postLogoutRedirectUris().forEach(builder::postLogoutRedirectUri);
        app.scopes().forEach(builder::scope);
        return builder
            .clientSettings(ClientSettings.builder()
                .requireProofKey(app.isPublic())
                .requireAuthorizationConsent(!app.skipAuthorization())
                .setting(ALLOW_PLAIN_PKCE, app.allowPlainPkce())
                .setting(REQUIRE_DPOP, app.requireDPoP())
                .setting(REQUIRE_PUSHED_REQUESTS, app.requirePushedRequests())
                .setting(ALLOWED_ORIGINS, app.allowedOrigins())
                .build())
            .tokenSettings(org.springframework.security.oauth2.server.authorization.settings.TokenSettings.builder()
                .accessTokenFormat(accessTokenFormat(app))
                .setting(ACCESS_TOKEN_SIGNING_ALGORITHM, accessTokenSigningAlgorithm(app))
                .accessTokenTimeToLive(app.accessTokenTimeToLive())
                .refreshTokenTimeToLive(app.refreshTokenTimeToLive())
                .authorizationCodeTimeToLive(app.authorizationCodeTimeToLive())
                .reuseRefreshTokens(false)
                .idTokenSignatureAlgorithm(SignatureAlgorithm.from(app.idTokenSigningAlgorithm()))
                .build())
            .build();
    }

    /** The application's own choice, else the server's default. */
    private OAuth2TokenFormat accessTokenFormat(Application app) {
        AccessTokenFormat format = app.accessTokenFormat() == null ? defaults.accessTokenFormat()
                : AccessTokenFormat.valueOf(app.accessTokenFormat().toUpperCase(Locale.ROOT));
        return format == AccessTokenFormat.REFERENCE ? OAuth2TokenFormat.REFERENCE : OAuth2TokenFormat.SELF_CONTAINED;
    }

    private SignatureAlgorithm accessTokenSigningAlgorithm(Application app) {
        return SignatureAlgorithm.from(app.accessTokenSigningAlgorithm() == null
                ? defaults.accessTokenSigningAlgorithm().name() : app.accessTokenSigningAlgorithm());
    }
}
