package dev.latchkey.protocol.authorize;

import java.util.HashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.endpoint.PkceParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.authentication.AuthenticationConverter;

import dev.latchkey.client.ApplicationClientRepository;
import dev.latchkey.protocol.pkce.Pkce;

/**
 * Wraps Spring's authorization request converter, whose provider knows only S256. For an application
 * allowed the {@code plain} method, a valid plain challenge {@code c} is handed on as the S256 challenge
 * {@code BASE64URL(SHA256(c))}: at the token endpoint {@code SHA256(v) = SHA256(c)} holds exactly when
 * {@code v = c}, the plain rule of RFC 7636 §4.6, so Spring's own verification applies unchanged.
 * Anything else (a repeated parameter too) passes through untouched, to be judged by
 * {@link AuthorizationRequestValidator}.
 */
public final class PlainPkceAuthorizationRequestConverter implements AuthenticationConverter {

    private final AuthenticationConverter delegate;

    private final RegisteredClientRepository clients;

    public PlainPkceAuthorizationRequestConverter(AuthenticationConverter delegate, RegisteredClientRepository clients) {
        this.delegate = delegate;
        this.clients = clients;
    }

    @Override
    public Authentication convert(HttpServletRequest httpRequest) {
        Authentication converted = delegate.convert(httpRequest);
        if (!(converted instanceof OAuth2AuthorizationCodeRequestAuthenticationToken request)) {
            return converted;
        }
        Map<String, Object> parameters = request.getAdditionalParameters();
        if (!(parameters.get(PkceParameterNames.CODE_CHALLENGE) instanceof String challenge)
                || parameters.get(PkceParameterNames.CODE_CHALLENGE_METHOD) instanceof String[]) {
            return request;
        }
        String method = (String) parameters.get(PkceParameterNames.CODE_CHALLENGE_METHOD);
        if ((method != null && !Pkce.PLAIN.equals(method))
                || Pkce.challengeProblem(challenge, Pkce.PLAIN, true) != null) {
            return request;
        }
        RegisteredClient client = clients.findByClientId(request.getClientId());
        if (client == null
                || !Boolean.TRUE.equals(client.getClientSettings().getSetting(ApplicationClientRepository.ALLOW_PLAIN_PKCE))) {
            return request;
        }
        Map<String, Object> asS256 = new HashMap<>(parameters);
        asS256.put(PkceParameterNames.CODE_CHALLENGE, Pkce.s256(challenge));
        asS256.put(PkceParameterNames.CODE_CHALLENGE_METHOD, Pkce.S256);
        return new OAuth2AuthorizationCodeRequestAuthenticationToken(request.getAuthorizationUri(), request.getClientId(),
                (Authentication) request.getPrincipal(), request.getRedirectUri(), request.getState(), request.getScopes(),
                asS256);
    }
}
