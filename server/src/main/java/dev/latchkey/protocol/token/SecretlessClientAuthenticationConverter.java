package dev.latchkey.protocol.token;

import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * Reads a public client's identity ({@code client_id}, no secret) from token requests, whatever the grant but
 * client_credentials, and from revocation and pushed authorization requests (RFC 9126 §2: a public client pushes
 * with its client_id). Spring reads it only when a {@code code_verifier} is present, so a public client
 * could neither refresh nor revoke, a verifier-less redemption was refused as an unauthenticated client
 * instead of explaining that the verifier is missing, and a grant nobody offers ({@code password}) was answered
 * {@code invalid_client} instead of {@code unsupported_grant_type}.
 */
public final class SecretlessClientAuthenticationConverter implements AuthenticationConverter {

    private final Set<String> endpointsWithoutGrant;

    /** @param endpointsWithoutGrant the paths besides the token endpoint where a public client identifies itself */
    public SecretlessClientAuthenticationConverter(Set<String> endpointsWithoutGrant) {
        this.endpointsWithoutGrant = Set.copyOf(endpointsWithoutGrant);
    }

    @Override
    public Authentication convert(HttpServletRequest request) {
        if (!"POST".equals(request.getMethod()) || request.getHeader(HttpHeaders.AUTHORIZATION) != null
                || request.getParameter(OAuth2ParameterNames.CLIENT_SECRET) != null
                || request.getParameter(OAuth2ParameterNames.CLIENT_ASSERTION) != null) {
            return null;
        }
        String[] clientIds = request.getParameterValues(OAuth2ParameterNames.CLIENT_ID);
        if (clientIds == null || clientIds.length != 1 || clientIds[0].isBlank()) {
            return null;
        }
        boolean withoutGrant = endpointsWithoutGrant
            .contains(request.getRequestURI().substring(request.getContextPath().length()));
        String grantType = request.getParameter(OAuth2ParameterNames.GRANT_TYPE);
        // client_credentials is the client acting as itself: it must prove who it is with its secret.
        if (!withoutGrant && (grantType == null || AuthorizationGrantType.CLIENT_CREDENTIALS.getValue().equals(grantType))) {
            return null;
        }
        return new OAuth2ClientAuthenticationToken(clientIds[0], ClientAuthenticationMethod.NONE, null, Map.of());
    }
}
