package dev.latchkey.protocol.authorize;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.web.util.UriComponentsBuilder;

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
        UriComponentsBuilder location = UriComponentsBuilder.fromUriString(result.getRedirectUri())
            .queryParam(OAuth2ParameterNames.CODE, result.getAuthorizationCode().getTokenValue());
        if (result.getState() != null && !result.getState().isEmpty()) {
            location.queryParam(OAuth2ParameterNames.STATE, result.getState());
        }
        location.queryParam("iss", issuer);
        ClientRedirect.send(request, response, location.encode().build().toUriString());
    }
}
