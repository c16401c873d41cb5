package dev.latchkey.protocol.authorize;

import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;

import dev.latchkey.authorization.GrantAuthorizationService;
import dev.latchkey.authorization.PushedRequest;
import dev.latchkey.protocol.errors.OAuth2Errors;

/**
 * The authorization service of Spring's authorization request provider: the grant service, except that saving
 * the grant an authorization request made from a pushed request ({@link PushedRequestConverter}) first uses that
 * pushed request up. A request_uri works once (RFC 9126 §4) and the database decides: of two requests racing
 * with one request_uri, also on two nodes, one gets a code (or the consent page) and the other an error. It is
 * used up only when the request is answered for a signed-in user, not when the user is sent to sign in first.
 */
public final class PushedRequestConsumption implements OAuth2AuthorizationService {

    private final GrantAuthorizationService grants;

    public PushedRequestConsumption(GrantAuthorizationService grants) {
        this.grants = grants;
    }

    @Override
    public void save(OAuth2Authorization authorization) {
        OAuth2AuthorizationRequest request = authorization.getAttribute(OAuth2AuthorizationRequest.class.getName());
        Object pushed = request == null ? null
                : request.getAdditionalParameters().get(PushedRequestConverter.PUSHED_REQUEST);
        if (pushed instanceof PushedRequest used && !grants.consume(used)) {
            throw OAuth2Errors.unredirectedRefusal(OAuth2ErrorCodes.INVALID_REQUEST, "request_uri has already been used "
                    + "(each request_uri works once) or has just expired. Push the authorization request again");
        }
        grants.save(authorization);
    }

    @Override
    public void remove(OAuth2Authorization authorization) {
        grants.remove(authorization);
    }

    @Override
    public OAuth2Authorization findById(String id) {
        return grants.findById(id);
    }

    @Override
    public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
        return grants.findByToken(token, tokenType);
    }
}
