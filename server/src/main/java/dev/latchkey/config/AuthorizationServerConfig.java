package dev.latchkey.config;

import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.authentication.ClientSecretAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationConsentAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2PushedAuthorizationRequestAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2RefreshTokenAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.PublicClientAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcLogoutAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2AccessTokenResponseAuthenticationSuccessHandler;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2AuthorizationCodeRequestAuthenticationConverter;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2DeviceCodeAuthenticationConverter;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2TokenExchangeAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.thymeleaf.ITemplateEngine;

import dev.latchkey.authorization.GrantAuthorizationService;
import dev.latchkey.client.ApplicationService;
import dev.latchkey.client.ClientSecrets;
import dev.latchkey.guard.BruteForceGuard;
import dev.latchkey.ops.CountingHandlers;
import dev.latchkey.protocol.Endpoints;
import dev.latchkey.protocol.authorize.AuthorizationErrorHandler;
import dev.latchkey.protocol.authorize.AuthorizationRequestValidator;
import dev.latchkey.protocol.authorize.AuthorizationResponseHandler;
import dev.latchkey.protocol.authorize.ConsentDecisionProvider;
import dev.latchkey.protocol.authorize.ConsentRequirement;
import dev.latchkey.protocol.authorize.LoginPageEntryPoint;
import dev.latchkey.protocol.authorize.OidcAuthenticationRequestValidator;
import dev.latchkey.protocol.authorize.PlainPkceAuthorizationRequestConverter;
import dev.latchkey.protocol.authorize.PushedRequestConsumption;
import dev.latchkey.protocol.authorize.PushedRequestConverter;
import dev.latchkey.protocol.authorize.PushedRequestRequirement;
import dev.latchkey.protocol.authorize.PushedRequestValidator;
import dev.latchkey.protocol.authorize.SignInRequirementFilter;
import dev.latchkey.protocol.authorize.UnconvertedPushedRequestConverter;
import dev.latchkey.protocol.errors.TokenErrorResponseHandler;
import dev.latchkey.protocol.oidc.DiscoveryPolicy;
import dev.latchkey.protocol.oidc.IdTokenHints;
import dev.latchkey.protocol.oidc.LogoutErrorHandler;
import dev.latchkey.protocol.oidc.LogoutResponseHandler;
import dev.latchkey.protocol.oidc.LogoutStateValidator;
import dev.latchkey.protocol.oidc.NoOpSessionRegistry;
import dev.latchkey.protocol.oidc.UserInfoClaimsMapper;
import dev.latchkey.protocol.oidc.UserInfoErrorHandler;
import dev.latchkey.protocol.dpop.DPoPProofs;
import dev.latchkey.protocol.token.AuthorizationCodeGrantProvider;
import dev.latchkey.protocol.token.DPoPTokenRequestProvider;
import dev.latchkey.protocol.token.RefreshTokenGrantProvider;
import dev.latchkey.protocol.token.RepeatedParameterConverter;
import dev.latchkey.protocol.token.SecretCheckingClientAuthenticationProvider;
import dev.latchkey.protocol.token.SecretlessClientAuthenticationConverter;
import dev.latchkey.protocol.token.SecretlessClientAuthenticationProvider;
import dev.latchkey.resource.AccessTokenAuthentication;
import dev.latchkey.settings.ServerSettings;
import dev.latchkey.signingkey.SigningKeyService;
import dev.latchkey.user.UserService;

/**
 * The OAuth 2.1 / OpenID Connect endpoints: Spring's authorization server, customised through its
 * extension points (see the protocol packages), at django-oauth-toolkit's paths ({@link Endpoints}).
 */
@Configuration(proxyBeanMethods = false)
public class AuthorizationServerConfig {

    @Bean
    @Order(1)
    SecurityFilterChain authorizationServerFilterChain(HttpSecurity http, ServerSettings server,
            RegisteredClientRepository clients, ApplicationService applications, GrantAuthorizationService grants,
            OAuth2AuthorizationConsentService consents, OAuth2TokenGenerator<? extends OAuth2Token> tokenGenerator,
            ITemplateEngine templates, UserService users, SigningKeyService signingKeys,
            AccessTokenAuthentication accessTokens, DPoPProofs proofs, BruteForceGuard guard, CountingHandlers counting)
            throws Exception {
        AuthenticationFailureHandler tokenErrors = counting.refusals(new TokenErrorResponseHandler());
        DiscoveryPolicy discovery = new DiscoveryPolicy(applications::anyAllowsPlainPkce, applications::allScopes);
        AuthenticationFailureHandler authorizationErrors = counting
            .refusals(new AuthorizationErrorHandler(server.issuer(), templates, clients));
        IdTokenHints idTokenHints = new IdTokenHints(signingKeys.publishedKeys(), server.issuer());
        AuthenticationEntryPoint bearer = counting.refusals(new BearerTokenAuthenticationEntryPoint(), null);
        http.oauth2AuthorizationServer(authorizationServer -> {
            // The endpoints, and the CORS preflights of those a browser app calls from script.
            http.securityMatcher(new OrRequestMatcher(authorizationServer.getEndpointsMatcher(), preflight()));
            authorizationServer.authorizationEndpoint(authorize -> authorize
                .authorizationRequestConverters(converters -> {
                    acceptPlainPkceWhereAllowed(converters, clients);
                    converters.add(0, new PushedRequestConverter(grants));
                })
                .authenticationProviders(providers -> {
                    replace(providers, OAuth2AuthorizationCodeRequestAuthenticationProvider.class,
                            authorizationRequests(clients, grants, consents, idTokenHints));
                    replace(providers, OAuth2AuthorizationConsentAuthenticationProvider.class,
                            new ConsentDecisionProvider(grants, clients, consents));
                })
                .authorizationResponseHandler(new AuthorizationResponseHandler(server.issuer()))
                .errorResponseHandler(authorizationErrors)
                .consentPage(Endpoints.CONSENT_PAGE))
                .pushedAuthorizationRequestEndpoint(pushed -> pushed
                    .pushedAuthorizationRequestConverters(converters -> {
                        acceptPlainPkceWhereAllowed(converters, clients);
                        converters.add(new UnconvertedPushedRequestConverter());
                    })
                    .authenticationProviders(providers -> validatePushedRequests(providers, idTokenHints))
                    .errorResponseHandler(tokenErrors))
                .clientAuthentication(client -> client
                    .authenticationConverter(new SecretlessClientAuthenticationConverter(
                            Set.of(Endpoints.REVOCATION, Endpoints.PUSHED_AUTHORIZATION_REQUEST)))
                    .authenticationProvider(new SecretlessClientAuthenticationProvider(clients))
                    .authenticationProviders(providers -> authenticateClientsWithoutCodeLookups(providers, clients, guard))
                    .errorResponseHandler(tokenErrors))
                .tokenEndpoint(token -> token
                    // Grants Spring knows but Latchkey does not offer are unsupported_grant_type (RFC 6749 §5.2).
                    .accessTokenRequestConverters(converters -> {
                        converters.removeIf(converter -> converter instanceof OAuth2DeviceCodeAuthenticationConverter
                                || converter instanceof OAuth2TokenExchangeAuthenticationConverter);
                        converters.add(0, new RepeatedParameterConverter());
                    })
                    .authenticationProviders(providers -> {
                        replace(providers, OAuth2AuthorizationCodeAuthenticationProvider.class,
                                new AuthorizationCodeGrantProvider(grants, tokenGenerator));
                        replace(providers, OAuth2RefreshTokenAuthenticationProvider.class,
                                new RefreshTokenGrantProvider(grants, tokenGenerator));
                        // Every grant Latchkey offers checks its DPoP proof first (RFC 9449 §5).
                        providers.replaceAll(provider -> new DPoPTokenRequestProvider(provider, proofs));
                    })
                    .accessTokenResponseHandler(
                            counting.tokenResponses(new OAuth2AccessTokenResponseAuthenticationSuccessHandler()))
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
                        .errorResponseHandler(counting.refusals(new UserInfoErrorHandler())))
                    .logoutEndpoint(logout -> logout
                        .authenticationProviders(AuthorizationServerConfig::decideLogoutRedirectsOnSuccess)
                        .logoutResponseHandler(new LogoutResponseHandler(clients))
                        .errorResponseHandler(counting.refusals(new LogoutErrorHandler(templates)))));
        });
        http.addFilterBefore(new SignInRequirementFilter(authorizationErrors, idTokenHints, users, clients),
                AuthorizationFilter.class);
        http.authorizeHttpRequests(authorize -> authorize.anyRequest().authenticated())
            .oauth2ResourceServer(resource -> resource.jwt(jwt -> jwt.authenticationManager(accessTokens.bearer()))
                .authenticationEntryPoint(bearer))
            .exceptionHandling(exceptions -> exceptions
                .defaultAuthenticationEntryPointFor(new LoginPageEntryPoint(),
                        PathPatternRequestMatcher.withDefaults().matcher(Endpoints.AUTHORIZATION))
                .defaultAuthenticationEntryPointFor(bearer, PathPatternRequestMatcher.withDefaults().matcher(Endpoints.USERINFO))
                .defaultAuthenticationEntryPointFor(
                        counting.refusals(new TokenErrorResponseHandler(), OAuth2ErrorCodes.INVALID_CLIENT),
                        AnyRequestMatcher.INSTANCE))
            .requestCache(cache -> cache.requestCache(WebSecurityConfig.returnedToAfterSignIn(
                    PathPatternRequestMatcher.withDefaults().matcher(Endpoints.AUTHORIZATION))))
            .cors(Customizer.withDefaults());
        return http.build();
    }

    private static RequestMatcher preflight() {
        PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
        return new OrRequestMatcher(paths.matcher(HttpMethod.OPTIONS, Endpoints.TOKEN),
                paths.matcher(HttpMethod.OPTIONS, Endpoints.PUSHED_AUTHORIZATION_REQUEST),
                paths.matcher(HttpMethod.OPTIONS, Endpoints.REVOCATION), paths.matcher(HttpMethod.OPTIONS, Endpoints.USERINFO),
                paths.matcher(HttpMethod.OPTIONS, Endpoints.JWKS), paths.matcher(HttpMethod.OPTIONS, "/.well-known/**"));
    }

    /** Puts {@code replacement} where Spring's provider of that type is. */
    private static void replace(List<AuthenticationProvider> providers, Class<?> type, AuthenticationProvider replacement) {
        providers.replaceAll(provider -> type.isInstance(provider) ? replacement : provider);
    }

    private static void acceptPlainPkceWhereAllowed(List<AuthenticationConverter> converters,
            RegisteredClientRepository clients) {
        converters.replaceAll(converter -> converter instanceof OAuth2AuthorizationCodeRequestAuthenticationConverter
                ? new PlainPkceAuthorizationRequestConverter(converter, clients) : converter);
    }

    /** The rules every authorization request is checked by, pushed (RFC 9126) or not. */
    private static Consumer<OAuth2AuthorizationCodeRequestAuthenticationContext> authorizationRequestRules(
            IdTokenHints idTokenHints) {
        return new AuthorizationRequestValidator().andThen(new OidcAuthenticationRequestValidator(idTokenHints));
    }

    /**
     * Spring's authorization request provider with Latchkey's rules, and a grant service that uses up the pushed
     * request an authorization request was made from ({@link PushedRequestConsumption}).
     */
    private static OAuth2AuthorizationCodeRequestAuthenticationProvider authorizationRequests(
            RegisteredClientRepository clients, GrantAuthorizationService grants,
            OAuth2AuthorizationConsentService consents, IdTokenHints idTokenHints) {
        OAuth2AuthorizationCodeRequestAuthenticationProvider requests = new OAuth2AuthorizationCodeRequestAuthenticationProvider(
                clients, new PushedRequestConsumption(grants), consents);
        requests.setAuthenticationValidator(authorizationRequestRules(idTokenHints).andThen(new PushedRequestRequirement()));
        requests.setAuthorizationConsentRequired(new ConsentRequirement());
        return requests;
    }

    private static void validatePushedRequests(List<AuthenticationProvider> providers, IdTokenHints idTokenHints) {
        providers.stream()
            .filter(OAuth2PushedAuthorizationRequestAuthenticationProvider.class::isInstance)
            .map(OAuth2PushedAuthorizationRequestAuthenticationProvider.class::cast)
            .forEach(pushed -> pushed
                .setAuthenticationValidator(authorizationRequestRules(idTokenHints).andThen(new PushedRequestValidator())));
    }

    /**
     * Spring refuses a logout whose post_logout_redirect_uri is not registered; Latchkey still ends the
     * session of a verified logout and only declines the redirect ({@link LogoutResponseHandler}).
     */
    private static void decideLogoutRedirectsOnSuccess(List<AuthenticationProvider> providers) {
        providers.stream()
            .filter(OidcLogoutAuthenticationProvider.class::isInstance)
            .map(OidcLogoutAuthenticationProvider.class::cast)
            .forEach(logout -> logout.setAuthenticationValidator(new LogoutStateValidator()));
    }

    /**
     * Confidential clients by their secret, compared as a SHA-256 (server-generated secrets are high-entropy: no
     * bcrypt per request); public clients by {@link SecretlessClientAuthenticationProvider}. Neither looks a
     * redeemed code up: PKCE is verified with the redemption ({@link AuthorizationCodeGrantProvider}).
     */
    private static void authenticateClientsWithoutCodeLookups(List<AuthenticationProvider> providers,
            RegisteredClientRepository clients, BruteForceGuard guard) {
        providers.removeIf(PublicClientAuthenticationProvider.class::isInstance);
        providers.replaceAll(provider -> {
            if (provider instanceof ClientSecretAuthenticationProvider secrets) {
                secrets.setPasswordEncoder(new ClientSecrets());
                return new SecretCheckingClientAuthenticationProvider(secrets, clients, guard);
            }
            return provider;
        });
    }

    @Bean
    AuthorizationServerSettings authorizationServerSettings(ServerSettings server) {
        return AuthorizationServerSettings.builder()
            .issuer(server.issuer())
            .authorizationEndpoint(Endpoints.AUTHORIZATION)
            .tokenEndpoint(Endpoints.TOKEN)
            .pushedAuthorizationRequestEndpoint(Endpoints.PUSHED_AUTHORIZATION_REQUEST)
            .tokenRevocationEndpoint(Endpoints.REVOCATION)
            .tokenIntrospectionEndpoint(Endpoints.INTROSPECTION)
            .jwkSetEndpoint(Endpoints.JWKS)
            .oidcUserInfoEndpoint(Endpoints.USERINFO)
            .oidcLogoutEndpoint(Endpoints.LOGOUT)
            .build();
    }

    /** Spring would otherwise track OpenID Connect sessions in memory, per node (see {@link NoOpSessionRegistry}). */
    @Bean
    SessionRegistry sessionRegistry() {
        return new NoOpSessionRegistry();
    }
}
