package dev.latchkey.admin;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

import dev.latchkey.client.ApplicationValidator;
import dev.latchkey.resource.AccessTokenAuthentication;

/**
 * The management API: bearer access tokens only (no session, no CSRF since no cookie authenticates), and
 * only tokens carrying {@value ApplicationValidator#ADMIN_SCOPE}, which only a confidential application's
 * client_credentials request can obtain. A missing or invalid token is 401, another token 403
 * ({@code insufficient_scope}, RFC 6750 §3.1). Its OpenAPI description is public.
 */
@Configuration(proxyBeanMethods = false)
class AdminApiSecurityConfig {

    static final String ADMIN_SCOPE_AUTHORITY = "SCOPE_" + ApplicationValidator.ADMIN_SCOPE;

    @Bean
    @Order(2)
    SecurityFilterChain adminApiFilterChain(HttpSecurity http, AccessTokenAuthentication accessTokens) throws Exception {
        http.securityMatcher("/admin/api/**")
            .authorizeHttpRequests(authorize -> authorize.requestMatchers("/admin/api/openapi.json")
                .permitAll()
                .anyRequest()
                .hasAuthority(ADMIN_SCOPE_AUTHORITY))
            .oauth2ResourceServer(resource -> resource.jwt(jwt -> jwt.authenticationManager(accessTokens.bearer())))
            .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
            .csrf(csrf -> csrf.disable());
        return http.build();
    }
}
