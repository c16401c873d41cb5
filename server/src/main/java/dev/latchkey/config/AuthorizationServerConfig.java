package dev.latchkey.config;

import java.util.List;
import java.util.ListIterator;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.authorization.authentication.ClientSecretAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2RefreshTokenAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.PublicClientAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcLogoutAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.DelegatingOAuth2TokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.JwtGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2AccessTokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2AuthorizationCodeRequestAuthenticationConverter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.thymeleaf.ITemplateEngine;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import dev.latchkey.authorization.JdbcAuthorizationService;
import dev.latchkey.client.ApplicationService;
import dev.latchkey.client.ClientSecrets;
import dev.latchkey.protocol.AccessTokenClaimsCustomizer;
import dev.latchkey.protocol.AuthorizationCodeDiagnosis;
import dev.latchkey.protocol.AuthorizationErrorHandler;
import dev.latchkey.protocol.AuthorizationRequestValidator;
import dev.latchkey.protocol.ConsentRequirement;
import dev.latchkey.protocol.AuthorizationResponseHandler;
import dev.latchkey.protocol.DescribedGrantRefusals;
import dev.latchkey.protocol.DiscoveryPolicy;
import dev.latchkey.protocol.IdTokenCustomizer;
import dev.latchkey.protocol.IdTokenHints;
import dev.latchkey.protocol.LoginPageEntryPoint;
import dev.latchkey.protocol.LogoutErrorHandler;
import dev.latchkey.protocol.LogoutResponseHandler;
import dev.latchkey.protocol.NoOpSessionRegistry;
import dev.latchkey.protocol.OidcAuthenticationRequestValidator;
import dev.latchkey.protocol.OpaqueRefreshTokenGenerator;
import dev.latchkey.protocol.PlainPkceAuthorizationRequestConverter;
import dev.latchkey.protocol.RefreshTokenDiagnosis;
import dev.latchkey.protocol.PkceClientAuthenticationProvider;
import dev.latchkey.protocol.SecretlessClientAuthenticationConverter;
import dev.latchkey.protocol.SecretlessClientAuthenticationProvider;
import dev.latchkey.protocol.SignInRequirementFilter;
import dev.latchkey.protocol.TokenErrorResponseHandler;
import dev.latchkey.protocol.UserInfoClaimsMapper;
import dev.latchkey.protocol.UserInfoErrorHandler;
import dev.latchkey.resource.AccessTokenAuthentication;
import dev.latchkey.signingkey.SigningKeyService;
import dev.latchkey.user.UserService;

/**
 * The OAuth 2.1 / OpenID Connect endpoints: Spring's authorization server, customised through its
 * extension points (see the protocol package), at django-oauth-toolkit's paths.
 */
@Configuration(proxyBeanMethods = false)
public class AuthorizationServerConfig {

    public static final String AUTHORIZATION_ENDPOINT = "/o/authorize/";

    public static final String TOKEN_ENDPOINT = "/o/token/";

    public static final String REVOCATION_ENDPOINT = "/o/revoke_token/";

    public static final String INTROSPECTION_ENDPOINT = "/o/introspect/";

    public static final String JWKS_ENDPOINT = "/o/jwks/";

    public static final String USERINFO_ENDPOINT = "/o/userinfo/";

    public static final String LOGOUT_ENDPOINT = "/o/logout/";

    @Bean
    @Order(1)
    SecurityFilterChain authorizationServerFilterChain(HttpSecurity http, LatchkeyProperties properties,
            RegisteredClientRepository clients, AuthorizationCodeDiagnosis diagnosis, ApplicationService applications,
            JdbcAuthorizationService authorizations, ITemplateEngine templates, UserService users,
            SigningKeyService signingKeys, AccessTokenAuthentication accessTokens) throws Exception {
        TokenErrorResponseHandler tokenErrors = new TokenErrorResponseHandler();
        DiscoveryPolicy discovery = new DiscoveryPolicy(applications::anyAllowsPlainPkce, applications::allScopes);
        AuthorizationErrorHandler authorizationErrors = new AuthorizationErrorHandler(properties.getIssuer(), templates);
        IdTokenHints idTokenHints = new IdTokenHints(signingKeys.publishedKeys(), properties.getIssuer());
        http.oauth2AuthorizationServer(server -> {
            // The endpoints, and the CORS preflights of those a browser app calls from script.
            http.securityMatcher(new OrRequestMatcher(server.getEndpointsMatcher(), preflight()));
            server.authorizationEndpoint(authorize -> authorize
                .authorizationRequestConverters(converters -> acceptPlainPkceWhereAllowed(converters, clients))
                .authenticationProviders(providers -> validateAuthorizationRequests(providers, idTokenHints))
                .authorizationResponseHandler(new AuthorizationResponseHandler(properties.getIssuer()))
                .errorResponseHandler(authorizationErrors)
                .consentPage("/consent"))
                .clientAuthentication(client -> client
                    .authenticationConverter(new SecretlessClientAuthenticationConverter(REVOCATION_ENDPOINT))
                    .authenticationProvider(new SecretlessClientAuthenticationProvider(clients))
                    .authenticationProviders(providers -> configureClientAuthentication(providers, diagnosis))
                    .errorResponseHandler(tokenErrors))
                .tokenEndpoint(token -> token
                    .authenticationProviders(providers -> describeGrantRefusals(providers, diagnosis, authorizations))
                    .errorResponseHandler(tokenErrors))
                .tokenIntrospectionEndpoint(introspection -> introspection.errorResponseHandler(tokenErrors))
                .tokenRevocationEndpoint(revocation -> revocation.errorResponseHandler(tokenErrors))
                .authorizationServerMetadataEndpoint(metadata -> metadata
                    .authorizationServerMetadataCustomizer(builder -> builder.claims(discovery::apply)))
                .oidc(oidc -> oidc
                    .providerConfigurationEndpoint(configuration -> configuration
                        .providerConfigurationCustomizer(builder -> builder.claims(discovery::applyOpenIdConnect)))
                    .userInfoEndpoint(userInfo -> userInfo
                        .userInfoMapper(new UserInfoClaimsMapper(users))
                        .errorResponseHandler(new UserInfoErrorHandler()))
                    .logoutEndpoint(logout -> logout
                        .authenticationProviders(AuthorizationServerConfig::decideLogoutRedirectsOnSuccess)
                        .logoutResponseHandler(new LogoutResponseHandler(clients))
                        .errorResponseHandler(new LogoutErrorHandler(templates))));
        });
        http.addFilterBefore(new SignInRequirementFilter(authorizationErrors, idTokenHints, users, clients),
                AuthorizationFilter.class);
        http.authorizeHttpRequests(authorize -> authorize.anyRequest().authenticated())
            .oauth2ResourceServer(resource -> resource.jwt(jwt -> jwt.authenticationManager(accessTokens.manager())))
            .exceptionHandling(exceptions -> exceptions
                .defaultAuthenticationEntryPointFor(new LoginPageEntryPoint(),
                        PathPatternRequestMatcher.withDefaults().matcher(AUTHORIZATION_ENDPOINT))
                .defaultAuthenticationEntryPointFor(new BearerTokenAuthenticationEntryPoint(),
                        PathPatternRequestMatcher.withDefaults().matcher(USERINFO_ENDPOINT))
                .defaultAuthenticationEntryPointFor(tokenErrors, AnyRequestMatcher.INSTANCE))
            .cors(Customizer.withDefaults());
        return http.build();
    }

    private static RequestMatcher preflight() {
        PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
        return new OrRequestMatcher(paths.matcher(HttpMethod.OPTIONS, TOKEN_ENDPOINT),
                paths.matcher(HttpMethod.OPTIONS, REVOCATION_ENDPOINT), paths.matcher(HttpMethod.OPTIONS, USERINFO_ENDPOINT),
                paths.matcher(HttpMethod.OPTIONS, JWKS_ENDPOINT), paths.matcher(HttpMethod.OPTIONS, "/.well-known/**"));
    }

    private static void acceptPlainPkceWhereAllowed(List<AuthenticationConverter> converters,
            RegisteredClientRepository clients) {
        ListIterator<AuthenticationConverter> each = converters.listIterator();
        while (each.hasNext()) {
            AuthenticationConverter converter = each.next();
            if (converter instanceof OAuth2AuthorizationCodeRequestAuthenticationConverter) {
                each.set(new PlainPkceAuthorizationRequestConverter(converter, clients));
            }
        }
    }

    private static void validateAuthorizationRequests(List<AuthenticationProvider> providers, IdTokenHints idTokenHints) {
        providers.stream()
            .filter(OAuth2AuthorizationCodeRequestAuthenticationProvider.class::isInstance)
            .map(OAuth2AuthorizationCodeRequestAuthenticationProvider.class::cast)
            .forEach(requests -> {
                requests.setAuthenticationValidator(new AuthorizationRequestValidator()
                    .andThen(new OidcAuthenticationRequestValidator(idTokenHints)));
                requests.setAuthorizationConsentRequired(new ConsentRequirement());
            });
    }

    /**
     * Spring refuses a logout whose post_logout_redirect_uri is not registered; Latchkey still ends the
     * session of a verified logout and only declines the redirect ({@link LogoutResponseHandler}).
     */
    private static void decideLogoutRedirectsOnSuccess(List<AuthenticationProvider> providers) {
        providers.stream()
            .filter(OidcLogoutAuthenticationProvider.class::isInstance)
            .map(OidcLogoutAuthenticationProvider.class::cast)
            .forEach(logout -> logout.setAuthenticationValidator(context -> {
            }));
    }

    private static void configureClientAuthentication(List<AuthenticationProvider> providers,
            AuthorizationCodeDiagnosis diagnosis) {
        ListIterator<AuthenticationProvider> each = providers.listIterator();
        while (each.hasNext()) {
            AuthenticationProvider provider = each.next();
            if (provider instanceof ClientSecretAuthenticationProvider secrets) {
                // Server-generated secrets are high-entropy: a SHA-256 comparison, not bcrypt per request.
                secrets.setPasswordEncoder(new ClientSecrets());
                each.set(new PkceClientAuthenticationProvider(secrets, diagnosis));
            }
            else if (provider instanceof PublicClientAuthenticationProvider) {
                each.set(new PkceClientAuthenticationProvider(provider, diagnosis));
            }
        }
    }

    private static void describeGrantRefusals(List<AuthenticationProvider> providers,
            AuthorizationCodeDiagnosis diagnosis, JdbcAuthorizationService authorizations) {
        ListIterator<AuthenticationProvider> each = providers.listIterator();
        while (each.hasNext()) {
            AuthenticationProvider provider = each.next();
            if (provider instanceof OAuth2AuthorizationCodeAuthenticationProvider) {
                each.set(new DescribedGrantRefusals(provider, diagnosis::describeRedemption));
            }
            else if (provider instanceof OAuth2RefreshTokenAuthenticationProvider) {
                each.set(new DescribedGrantRefusals(provider, new RefreshTokenDiagnosis(authorizations)::describe));
            }
        }
    }

    @Bean
    AuthorizationServerSettings authorizationServerSettings(LatchkeyProperties properties) {
        return AuthorizationServerSettings.builder()
            .issuer(properties.getIssuer())
            .authorizationEndpoint(AUTHORIZATION_ENDPOINT)
            .tokenEndpoint(TOKEN_ENDPOINT)
            .tokenRevocationEndpoint(REVOCATION_ENDPOINT)
            .tokenIntrospectionEndpoint(INTROSPECTION_ENDPOINT)
            .jwkSetEndpoint(JWKS_ENDPOINT)
            .oidcUserInfoEndpoint(USERINFO_ENDPOINT)
            .oidcLogoutEndpoint(LOGOUT_ENDPOINT)
            .build();
    }

    @Bean
    JwtEncoder jwtEncoder(SigningKeyService signingKeys) {
        return new NimbusJwtEncoder(signingKeys.activeKeys());
    }

    @Bean
    JWKSource<SecurityContext> jwkSource(SigningKeyService signingKeys) {
        return signingKeys.publishedKeys();
    }

    @Bean
    OAuth2TokenGenerator<?> tokenGenerator(JwtEncoder jwtEncoder, LatchkeyProperties properties, UserService users) {
        JwtGenerator jwts = new JwtGenerator(jwtEncoder);
        OAuth2TokenCustomizer<JwtEncodingContext> accessTokens = new AccessTokenClaimsCustomizer(
                properties.getTokens().getAccessTokenSigningAlgorithm());
        OAuth2TokenCustomizer<JwtEncodingContext> idTokens = new IdTokenCustomizer(users);
        jwts.setJwtCustomizer(context -> {
            accessTokens.customize(context);
            idTokens.customize(context);
        });
        // Spring's generator makes reference access tokens (clients set to OAuth2TokenFormat.REFERENCE):
        // 96 random bytes, which JdbcAuthorizationService stores hashed like every other token.
        return new DelegatingOAuth2TokenGenerator(jwts, new OAuth2AccessTokenGenerator(), new OpaqueRefreshTokenGenerator());
    }

    /** Spring would otherwise track OpenID Connect sessions in memory, per node (see {@link NoOpSessionRegistry}). */
    @Bean
    SessionRegistry sessionRegistry() {
        return new NoOpSessionRegistry();
    }
}
