package dev.latchkey.protocol.oidc;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.http.converter.OAuth2ErrorHttpMessageConverter;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

import dev.latchkey.protocol.errors.OAuth2Errors;

/**
 * Refuses a UserInfo request as a bearer-protected resource does (OpenID Connect Core §5.3.3, RFC 6750 §3):
 * the error in {@code WWW-Authenticate}, 401 for a token that is not (or no longer) valid, 403 for one
 * without the {@code openid} scope, and a description that says which.
 */
public final class UserInfoErrorHandler implements AuthenticationFailureHandler {

    private final OAuth2ErrorHttpMessageConverter converter = new OAuth2ErrorHttpMessageConverter();

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
            AuthenticationException exception) throws IOException {
        OAuth2Error error = exception instanceof OAuth2AuthenticationException oauth ? oauth.getError()
                : new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN);
        boolean scope = OAuth2ErrorCodes.INSUFFICIENT_SCOPE.equals(error.getErrorCode());
        String description = error.getDescription() != null ? error.getDescription()
                : scope ? "The access token was not granted the openid scope: request scope=openid to use UserInfo"
                        : "The access token is not valid for UserInfo: its grant was revoked, or it was not "
                                + "issued with an ID token";
        OAuth2Error refusal = OAuth2Errors.printable(new OAuth2Error(error.getErrorCode(), description, null));
        ServletServerHttpResponse httpResponse = new ServletServerHttpResponse(response);
        httpResponse.setStatusCode(scope ? HttpStatus.FORBIDDEN : HttpStatus.UNAUTHORIZED);
        httpResponse.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"" + error.getErrorCode()
                + "\", error_description=\"" + refusal.getDescription() + "\""
                + (scope ? ", scope=\"openid\"" : ""));
        httpResponse.getHeaders().setCacheControl("no-store");
        converter.write(refusal, null, httpResponse);
    }
}
