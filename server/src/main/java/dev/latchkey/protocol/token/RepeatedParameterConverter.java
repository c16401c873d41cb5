package dev.latchkey.protocol.token;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.endpoint.PkceParameterNames;
import org.springframework.security.web.authentication.AuthenticationConverter;

import dev.latchkey.protocol.errors.OAuth2Errors;

/**
 * The first of the token endpoint's converters: a token request that repeats one of its parameters is refused
 * with {@code invalid_request} naming it (RFC 6749 §3.2: "Request and response parameters MUST NOT be included
 * more than once"), before any converter reads it. Otherwise it converts nothing and the grant's converter runs.
 * Spring checks most of these itself, but hands a repeated {@code code_verifier} on as an array.
 */
public final class RepeatedParameterConverter implements AuthenticationConverter {

    private static final List<String> SINGLE_VALUED = List.of(OAuth2ParameterNames.GRANT_TYPE, OAuth2ParameterNames.CODE,
            OAuth2ParameterNames.REDIRECT_URI, OAuth2ParameterNames.CLIENT_ID, PkceParameterNames.CODE_VERIFIER,
            OAuth2ParameterNames.REFRESH_TOKEN, OAuth2ParameterNames.SCOPE);

    @Override
    public Authentication convert(HttpServletRequest request) {
        for (String name : SINGLE_VALUED) {
            String[] values = request.getParameterValues(name);
            if (values != null && values.length > 1) {
                throw OAuth2Errors.invalidRequest(name + " was sent " + values.length + " times: send it once "
                        + "(RFC 6749 section 3.2)");
            }
        }
        return null;
    }
}
