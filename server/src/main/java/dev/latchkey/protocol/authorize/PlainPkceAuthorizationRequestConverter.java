package dev.latchkey.protocol.authorize;

import java.util.HashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.endpoint.PkceParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2PushedAuthorizationRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.authentication.AuthenticationConverter;

import dev.latchkey.client.ApplicationClientRepository;
import dev.latchkey.protocol.pkce.Pkce;

/**
 * Wraps Spring's authorization request converter (of the authorization and the pushed authorization request
 * endpoints), whose provider knows only S256. For an application
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
        // The same request, pushed (RFC 9126) or not.
        if (converted instanceof OAuth2PushedAuthorizationRequestAuthenticationToken pushed) {
            Map<String, Object> asS256 = asS256(pushed.getClientId(), pushed.getAdditionalParameters());
            return asS256 == null ? pushed : new OAuth2PushedAuthorizationRequestAuthenticationToken(
                    pushed.getAuthorizationUri(), pushed.getClientId(), (Authentication) pushed.getPrincipal(),
                    pushed.getRedirectUri(), pushed.getState(), pushed.getScopes(), asS256);
        }
        if (converted instanceof OAuth2AuthorizationCodeRequestAuthenticationToken request) {
            Map<String, Object> asS256 = asS256(request.getClientId(), request.getAdditionalParameters());
            return asS256 == null ? request : new OAuth2AuthorizationCodeRequestAuthenticationToken(
                    request.getAuthorizationUri(), request.getClientId(), (Authentication) request.getPrincipal(),
                    request.getRedirectUri(), request.getState(), request.getScopes(), asS256);
        }
        return converted;
    }

    /** The parameters with a valid plain challenge in its S256 form, or {@code null} to leave them as they are. */
    private Map<String, Object> asS256(String clientId, Map<String, Object> parameters) {
        if (!(parameters.get(PkceParameterNames.CODE_CHALLENGE) instanceof String challenge)
                || parameters.get(PkceParameterNames.CODE_CHALLENGE_METHOD) instanceof String[]) {
            return null;
        }
        String method = (String) parameters.get(PkceParameterNames.CODE_CHALLENGE_METHOD);
        if ((method != null && !Pkce.PLAIN.equals(method))
                || Pkce.challengeProblem(challenge, Pkce.PLAIN, true) != null) {
            return null;
        }
        RegisteredClient client = clients.findByClientId(clientId);
        if (client == null || !ApplicationClientRepository.isOn(client, ApplicationClientRepository.ALLOW_PLAIN_PKCE)) {
            return null;
        }
        Map<String, Object> asS256 = new HashMap<>(parameters);
        asS256.put(PkceParameterNames.CODE_CHALLENGE, Pkce.s256(challenge));
        asS256.put(PkceParameterNames.CODE_CHALLENGE_METHOD, Pkce.S256);
        return asS256;
    }
}
