package dev.latchkey.web;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.session.web.http.HttpSessionIdResolver;

import dev.latchkey.protocol.Endpoints;

/**
 * Finds the browser's session from its cookie, except on the endpoints a client calls with its own credentials
 * (token, introspection, revocation, pushed requests), where a session has no part even when a same-site app's
 * {@code fetch} sends the cookie along. Spring's client authentication records the session id of every request
 * it authenticates, and reading it there would cost a database read and, as the access is then recorded, a write
 * after the answer is ready: one that, failing as the database goes away, would turn tokens already stored into
 * an error the client never sees them in.
 */
public final class ClientEndpointsSessionIdResolver implements HttpSessionIdResolver {

    private static final RequestMatcher CLIENT_ENDPOINTS = clientEndpoints();

    private final HttpSessionIdResolver cookies;

    public ClientEndpointsSessionIdResolver(HttpSessionIdResolver cookies) {
        this.cookies = cookies;
    }

    @Override
    public List<String> resolveSessionIds(HttpServletRequest request) {
        return CLIENT_ENDPOINTS.matches(request) ? List.of() : cookies.resolveSessionIds(request);
    }

    @Override
    public void setSessionId(HttpServletRequest request, HttpServletResponse response, String sessionId) {
        cookies.setSessionId(request, response, sessionId);
    }

    @Override
    public void expireSession(HttpServletRequest request, HttpServletResponse response) {
        cookies.expireSession(request, response);
    }

    private static RequestMatcher clientEndpoints() {
        PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
        return new OrRequestMatcher(paths.matcher(Endpoints.TOKEN), paths.matcher(Endpoints.INTROSPECTION),
                paths.matcher(Endpoints.REVOCATION), paths.matcher(Endpoints.PUSHED_AUTHORIZATION_REQUEST));
    }
}
