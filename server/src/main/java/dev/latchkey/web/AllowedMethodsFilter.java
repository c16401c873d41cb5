package dev.latchkey.web;

import java.io.IOException;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.latchkey.protocol.Endpoints;

/**
 * Answers a protocol endpoint called with a method it does not take with 405 and {@code Allow} (RFC 9110
 * §15.5.6), before the security chains would treat it as a page and send it to the login form. Preflights
 * ({@code OPTIONS}) always pass: CORS answers them.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public class AllowedMethodsFilter extends OncePerRequestFilter {

    private static final Set<String> POST = Set.of("POST");

    private static final Set<String> GET = Set.of("GET", "HEAD");

    private static final Set<String> GET_OR_POST = Set.of("GET", "HEAD", "POST");

    private static final Map<String, Set<String>> ALLOWED = Map.of(Endpoints.TOKEN, POST, Endpoints.REVOCATION, POST,
            Endpoints.INTROSPECTION, POST, Endpoints.JWKS, GET, Endpoints.AUTHORIZATION, GET_OR_POST, Endpoints.USERINFO,
            GET_OR_POST, Endpoints.LOGOUT, GET_OR_POST, "/.well-known/openid-configuration", GET,
            "/.well-known/oauth-authorization-server", GET);

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Set<String> allowed = ALLOWED.get(request.getRequestURI().substring(request.getContextPath().length()));
        if (allowed == null || allowed.contains(request.getMethod()) || "OPTIONS".equals(request.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        String allow = String.join(", ", allowed.stream().sorted().toList());
        response.setHeader("Allow", allow);
        Refusals.write(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "This endpoint takes " + allow + " only");
    }
}
