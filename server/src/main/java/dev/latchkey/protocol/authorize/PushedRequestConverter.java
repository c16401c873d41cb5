package dev.latchkey.protocol.authorize;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationConverter;

import dev.latchkey.authorization.GrantAuthorizationService;
import dev.latchkey.authorization.PushedRequest;
import dev.latchkey.protocol.errors.OAuth2Errors;

/**
 * Reads an authorization request made with the {@code request_uri} of a pushed request (RFC 9126 §4) as the
 * request that was pushed: from here on it is checked, signed in for and answered like any other, by the same
 * rules (sign-in requirements, consent, redirected errors). The pushed request travels with it under
 * {@link #PUSHED_REQUEST}, a value no client can send, so that it is used up once, when the request is answered
 * ({@link PushedRequestConsumption}), and so that an application that requires pushed requests can tell
 * ({@link PushedRequestRequirement}). Spring would resolve the request_uri only after the user's sign-in, which
 * Latchkey's sign-in rules would then never see.
 */
public final class PushedRequestConverter implements AuthenticationConverter {

    /** The additional parameter that carries the {@link PushedRequest} a request was read from. */
    public static final String PUSHED_REQUEST = PushedRequest.class.getName();

    /** The form of the request_uri the pushed authorization request endpoint issues (RFC 9126 §2.2). */
    static final String REQUEST_URI_PREFIX = "urn:ietf:params:oauth:request_uri:";

    private static final Authentication ANONYMOUS = new AnonymousAuthenticationToken("anonymous", "anonymousUser",
            AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));

    private final GrantAuthorizationService grants;

    public PushedRequestConverter(GrantAuthorizationService grants) {
        this.grants = grants;
    }

    @Override
    public Authentication convert(HttpServletRequest request) {
        String[] requestUris = request.getParameterValues(OAuth2ParameterNames.REQUEST_URI);
        if (requestUris == null) {
            return null;
        }
        String[] clientIds = request.getParameterValues(OAuth2ParameterNames.CLIENT_ID);
        if (requestUris.length != 1 || clientIds == null || clientIds.length != 1) {
            throw OAuth2Errors.unredirectedRefusal(OAuth2ErrorCodes.INVALID_REQUEST, "request_uri and client_id must be "
                    + "sent once each: the request_uri from the pushed authorization request endpoint, and the "
                    + "client_id that pushed it");
        }
        PushedRequest pushed = requestUris[0].startsWith(REQUEST_URI_PREFIX)
                ? grants.findPushedRequest(requestUris[0].substring(REQUEST_URI_PREFIX.length())) : null;
        if (pushed == null || !pushed.clientId().equals(clientIds[0])) {
            throw OAuth2Errors.unredirectedRefusal(OAuth2ErrorCodes.INVALID_REQUEST, "request_uri is unknown to "
                    + "client_id '" + clientIds[0] + "': it was not pushed by this client, or it was used already "
                    + "(each request_uri works once). Push the authorization request again");
        }
        if (pushed.isExpired(Instant.now())) {
            throw OAuth2Errors.unredirectedRefusal(OAuth2ErrorCodes.INVALID_REQUEST, "request_uri has expired: use it "
                    + "within expires_in seconds of pushing the request. Push the authorization request again");
        }
        OAuth2AuthorizationRequest pushedRequest = pushed.request();
        Map<String, Object> parameters = new HashMap<>(pushedRequest.getAdditionalParameters());
        parameters.put(PUSHED_REQUEST, pushed);
        Authentication principal = SecurityContextHolder.getContext().getAuthentication();
        return new OAuth2AuthorizationCodeRequestAuthenticationToken(request.getRequestURL().toString(),
                pushed.clientId(), principal != null ? principal : ANONYMOUS, pushedRequest.getRedirectUri(),
                pushedRequest.getState(), pushedRequest.getScopes(), parameters);
    }

    /** The pushed request an authorization request was read from, or {@code null}. */
    static PushedRequest pushedRequestOf(OAuth2AuthorizationCodeRequestAuthenticationToken request) {
        return request.getAdditionalParameters().get(PUSHED_REQUEST) instanceof PushedRequest pushed ? pushed : null;
    }
}
