package dev.latchkey.protocol.oidc;

import java.io.IOException;
import java.util.Collections;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcLogoutAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.logout.SecurityContextLogoutHandler;

import dev.latchkey.protocol.RedirectUri;

/**
 * Completes an RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0 §2–3) whose {@code id_token_hint}
 * Spring has verified: ends the session, then returns to {@code post_logout_redirect_uri} with {@code state}
 * only when the URI is registered for the application the ID token was issued to, compared exactly.
 * Otherwise the browser lands on the signed-out page, which says why it was not sent back.
 */
public final class LogoutResponseHandler implements AuthenticationSuccessHandler {

    static final String SIGNED_OUT_PAGE = "/signed-out";

    private static final Logger log = LoggerFactory.getLogger(LogoutResponseHandler.class);

    private final RegisteredClientRepository clients;

    private final SecurityContextLogoutHandler sessionLogout = new SecurityContextLogoutHandler();

    public LogoutResponseHandler(RegisteredClientRepository clients) {
        this.clients = clients;
    }

    @Override
    public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
            Authentication authentication) throws IOException {
        OidcLogoutAuthenticationToken logout = (OidcLogoutAuthenticationToken) authentication;
        if (logout.isPrincipalAuthenticated()) {
            sessionLogout.logout(request, response, (Authentication) logout.getPrincipal());
        }
        String redirectUri = logout.getPostLogoutRedirectUri();
        String clientId = logout.getIdToken().getAudience().get(0);
        RegisteredClient client = clients.findByClientId(clientId);
        response.setHeader("Cache-Control", "no-store");
        if (redirectUri == null || redirectUri.isEmpty()) {
            response.sendRedirect(request.getContextPath() + SIGNED_OUT_PAGE);
            return;
        }
        if (client == null || !client.getPostLogoutRedirectUris().contains(redirectUri)) {
            log.info("Logout of client '{}' not redirected: post_logout_redirect_uri is not registered", clientId);
            response.sendRedirect(request.getContextPath() + SIGNED_OUT_PAGE + "?unregistered_redirect");
            return;
        }
        response.sendRedirect(RedirectUri.withParameters(redirectUri, Collections.singletonMap(OAuth2ParameterNames.STATE,
                logout.getState())));
    }
}
