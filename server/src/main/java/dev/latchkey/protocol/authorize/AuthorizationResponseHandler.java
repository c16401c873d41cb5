package dev.latchkey.protocol.authorize;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;

import dev.latchkey.protocol.RedirectUri;

/**
 * Redirects to the client with the code, the state and the issuer ({@code iss}, RFC 9207 §2), so a
 * client talking to several servers can detect a mix-up.
 */
public final class AuthorizationResponseHandler implements AuthenticationSuccessHandler {

    private final String issuer;

    public AuthorizationResponseHandler(String issuer) {
        this.issuer = issuer;
    }

    @Override
    public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
            Authentication authentication) throws IOException {
        OAuth2AuthorizationCodeRequestAuthenticationToken result = (OAuth2AuthorizationCodeRequestAuthenticationToken) authentication;
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put(OAuth2ParameterNames.CODE, result.getAuthorizationCode().getTokenValue());
        parameters.put(OAuth2ParameterNames.STATE, result.getState());
        parameters.put("iss", issuer);
        ClientRedirect.send(request, response, RedirectUri.withParameters(result.getRedirectUri(), parameters));
    }
}
