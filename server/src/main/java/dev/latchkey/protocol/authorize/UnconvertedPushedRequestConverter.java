package dev.latchkey.protocol.authorize;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.AuthenticationConverter;

import dev.latchkey.protocol.errors.OAuth2Errors;

/**
 * The last of the pushed authorization request endpoint's converters: a request none of the others read (a body
 * that is no form, say) is {@code invalid_request} (RFC 9126 §2.3). Spring's endpoint would hand the missing
 * request to its authentication manager, which fails on it (a 500).
 */
public final class UnconvertedPushedRequestConverter implements AuthenticationConverter {

    @Override
    public Authentication convert(HttpServletRequest request) {
        throw OAuth2Errors.invalidRequest("The pushed authorization request was not understood: send its parameters "
                + "(response_type=code, client_id, redirect_uri, code_challenge...) as an "
                + "application/x-www-form-urlencoded body (RFC 9126 section 2.1)");
    }
}
