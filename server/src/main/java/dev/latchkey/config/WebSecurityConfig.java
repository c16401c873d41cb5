package dev.latchkey.config;

import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

import dev.latchkey.authorization.GrantAuthorizationService;
import dev.latchkey.client.ApplicationClientRepository;
import dev.latchkey.guard.BruteForceGuard;
import dev.latchkey.guard.GuardedSignInHandlers;
import dev.latchkey.guard.SignInGuardFilter;
import dev.latchkey.ops.CountingHandlers;
import dev.latchkey.ops.ScrapeAccess;
import dev.latchkey.protocol.dpop.DPoPProofs;
import dev.latchkey.resource.AccessTokenAuthentication;
import dev.latchkey.settings.ManagementSettings;
import dev.latchkey.settings.ServerSettings;
import dev.latchkey.signingkey.SigningKeyService;
import dev.latchkey.user.SignInDetailsSource;
import dev.latchkey.user.UserService;
import dev.latchkey.web.CsrfProtection;

/**
 * Everything that is not a protocol endpoint: the bearer-protected API, and the pages (login, consent,
 * errors) with form login, CSRF protection and anti-framing headers.
 */
@Configuration(proxyBeanMethods = false)
public class WebSecurityConfig {

    /**
     * Pages may not be framed (clickjacking) nor load anything but their own resources. No form-action:
     * browsers apply it to the redirects that follow a form post, which end at the client's redirect URI.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
            + "object-src 'none'";

    @Bean
    @Order(2)
    SecurityFilterChain apiFilterChain(HttpSecurity http, ServerSettings server,
            AccessTokenAuthentication accessTokens, CountingHandlers counting) throws Exception {
        AuthenticationEntryPoint bearer = counting.refusals(new BearerTokenAuthenticationEntryPoint(), null);
        // The API and its RFC 9728 metadata, which 401 responses point to.
        http.securityMatcher("/api/**", "/.well-known/oauth-protected-resource/**")
            .authorizeHttpRequests(authorize -> authorize.anyRequest().authenticated())
            .oauth2ResourceServer(resource -> resource.jwt(jwt -> jwt.authenticationManager(accessTokens.bearer()))
                .authenticationEntryPoint(bearer)
                .protectedResourceMetadata(metadata -> metadata.protectedResourceMetadataCustomizer(builder -> builder
                    .authorizationServer(server.issuer())
                    .tlsClientCertificateBoundAccessTokens(false))))
            .exceptionHandling(exceptions -> exceptions
                .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"), browserNavigation())
                .defaultAuthenticationEntryPointFor(bearer, AnyRequestMatcher.INSTANCE))
            .requestCache(cache -> cache.requestCache(returnedToAfterSignIn(browserNavigation())))
            .csrf(csrf -> csrf.disable())
            .cors(Customizer.withDefaults());
        return http.build();
    }

    @Bean
    @Order(3)
    SecurityFilterChain pageFilterChain(HttpSecurity http, BruteForceGuard guard, CountingHandlers counting,
            ManagementSettings management, Environment environment) throws Exception {
        GuardedSignInHandlers signIn = new GuardedSignInHandlers(guard,
                counting.signIns(new SavedRequestAwareAuthenticationSuccessHandler()),
                counting.failedSignIns(new SimpleUrlAuthenticationFailureHandler("/login?error")));
        http.authorizeHttpRequests(authorize -> authorize
                .requestMatchers("/login", "/error", "/css/**", "/js/**", "/favicon.ico", "/actuator/health/**",
                        "/signed-out")
                .permitAll()
                .requestMatchers("/admin/**")
                .hasAuthority(UserService.ADMIN_AUTHORITY)
                .requestMatchers(EndpointRequest.to("prometheus"))
                .access(new ScrapeAccess(management, environment))
                // An actuator endpoint an operator exposes besides health is for admins; any other path under
                // /actuator is nothing at all: a 404, not the login page.
                .requestMatchers(EndpointRequest.toAnyEndpoint())
                .hasAuthority(UserService.ADMIN_AUTHORITY)
                .requestMatchers("/actuator/**")
                .permitAll()
                .anyRequest()
                .authenticated())
            .formLogin(form -> form.loginPage("/login")
                .successHandler(signIn)
                .failureHandler(signIn)
                .authenticationDetailsSource(new SignInDetailsSource()))
            .addFilterBefore(new SignInGuardFilter(guard, "/login", counting::signInHeldBack),
                    UsernamePasswordAuthenticationFilter.class)
            // A refused scrape is refused, not sent to the login page; every other page that needs a sign-in sends
            // there, whatever the request accepts (one mapping of our own would otherwise leave formLogin's, which
            // only matches requests that ask for HTML, and the rest to a bare 403).
            .exceptionHandling(exceptions -> exceptions
                .defaultAuthenticationEntryPointFor(new HttpStatusEntryPoint(HttpStatus.FORBIDDEN),
                        EndpointRequest.to("prometheus"))
                .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"),
                        AnyRequestMatcher.INSTANCE))
            .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/signed-out"))
            .csrf(CsrfProtection::configure)
            .headers(headers -> headers
                .frameOptions(frame -> frame.deny())
                .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)));
        return http.build();
    }

    /**
     * A browser navigating, as opposed to an API client: it must ask for HTML explicitly. Spring's usual
     * matcher also matches {@code Accept: *}{@code /*}, which would send API clients to the login page.
     */
    static MediaTypeRequestMatcher browserNavigation() {
        MediaTypeRequestMatcher matcher = new MediaTypeRequestMatcher(MediaType.TEXT_HTML);
        matcher.setIgnoredMediaTypes(java.util.Set.of(MediaType.ALL));
        return matcher;
    }

    /**
     * Keeps in the session only the GET requests {@code sentToSignIn} matches, which the login page sends the browser
     * back to: a request refused with a 401 opens no session (Spring's default keeps any request without
     * {@code Accept: application/json}, an unparseable {@code Accept} included).
     */
    static RequestCache returnedToAfterSignIn(RequestMatcher sentToSignIn) {
        HttpSessionRequestCache cache = new HttpSessionRequestCache();
        cache.setRequestMatcher(new AndRequestMatcher(PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, "/**"),
                sentToSignIn));
        return cache;
    }

    @Bean
    PasswordEncoder passwordEncoder(UserService users) {
        return users.passwordEncoder();
    }

    /**
     * Access tokens of either form, bearer or DPoP-bound, for every resource-server chain (API, management API,
     * UserInfo). A DPoP proof must carry a server nonce when the token's application requires DPoP.
     */
    @Bean
    AccessTokenAuthentication accessTokenAuthentication(JwtDecoder jwtDecoder, GrantAuthorizationService authorizations,
            DPoPProofs proofs, RegisteredClientRepository clients) {
        return new AccessTokenAuthentication(jwtDecoder, authorizations, proofs, clientId -> {
            RegisteredClient client = clients.findByClientId(clientId);
            return client != null && ApplicationClientRepository.isOn(client, ApplicationClientRepository.REQUIRE_DPOP);
        });
    }

    /**
     * Verifies our own JWT access tokens as any resource server would: signature against the published keys,
     * expiry, issuer. {@link AccessTokenAuthentication} then checks the grant, which only the server can.
     */
    @Bean
    JwtDecoder jwtDecoder(SigningKeyService signingKeys, ServerSettings server) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource(signingKeys.publishedKeys())
            .jwsAlgorithms(algorithms -> SigningKeyService.ALGORITHMS
                .forEach(algorithm -> algorithms.add(SignatureAlgorithm.from(algorithm.getName()))))
            .build();
        decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(server.issuer()));
        return decoder;
    }
}
