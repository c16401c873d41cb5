package dev.latchkey.protocol.authorize;

import java.util.Map;
import java.util.function.Consumer;

import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;

import dev.latchkey.authorization.PushedRequest;
import dev.latchkey.protocol.errors.OAuth2Errors;

/**
 * What the pushed authorization request endpoint checks besides the rules of every authorization request: the
 * sign-in parameters kept with the pushed request fit where they are kept ({@link PushedRequest#SIGN_IN_PARAMETERS}).
 */
public final class PushedRequestValidator implements Consumer<OAuth2AuthorizationCodeRequestAuthenticationContext> {

    @Override
    public void accept(OAuth2AuthorizationCodeRequestAuthenticationContext context) {
        OAuth2AuthorizationCodeRequestAuthenticationToken request = context.getAuthentication();
        Map<String, Object> parameters = request.getAdditionalParameters();
        int characters = PushedRequest.SIGN_IN_PARAMETERS.stream().mapToInt(name -> length(parameters.get(name))).sum();
        if (characters > PushedRequest.MAX_SIGN_IN_PARAMETER_CHARACTERS) {
            throw OAuth2Errors.redirectedRefusal(request, context.getRegisteredClient(),
                    OAuth2ErrorCodes.INVALID_REQUEST, null, String.join(", ", PushedRequest.SIGN_IN_PARAMETERS)
                            + " together may have at most " + PushedRequest.MAX_SIGN_IN_PARAMETER_CHARACTERS
                            + " characters in a pushed request");
        }
    }

    private static int length(Object value) {
        if (value instanceof String single) {
            return single.length();
        }
        int total = 0;
        if (value instanceof String[] several) {
            for (String one : several) {
                total += one.length();
            }
        }
        return total;
    }
}
