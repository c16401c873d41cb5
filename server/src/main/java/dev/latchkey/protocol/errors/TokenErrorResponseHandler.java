package dev.latchkey.protocol.errors;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.http.converter.OAuth2ErrorHttpMessageConverter;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * Writes every refusal of the token, revocation and introspection endpoints as RFC 6749 §5.2 JSON:
 * {@code invalid_client} is 401 with {@code WWW-Authenticate: Basic} (the scheme confidential clients
 * use), {@code server_error} is 500, a client held back by the brute-force guard 429 with {@code Retry-After},
 * the rest 400; responses are never cached. Also the entry point for
 * requests that carry no client authentication at all.
 */
public final class TokenErrorResponseHandler implements AuthenticationFailureHandler, AuthenticationEntryPoint {

    private static final Logger log = LoggerFactory.getLogger(TokenErrorResponseHandler.class);

    private final HttpMessageConverter<OAuth2Error> converter = new OAuth2ErrorHttpMessageConverter();

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
            AuthenticationException exception) throws IOException {
        OAuth2Error error = exception instanceof OAuth2AuthenticationException oauth ? oauth.getError()
                : new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST);
        String grantType = request.getParameter(OAuth2ParameterNames.GRANT_TYPE);
        if (OAuth2ErrorCodes.UNSUPPORTED_GRANT_TYPE.equals(error.getErrorCode()) && grantType != null) {
            error = new OAuth2Error(error.getErrorCode(), "grant_type '" + grantType + "' is not supported: use "
                    + ParameterErrors.GRANT_TYPES, null);
        }
        if (exception instanceof TooManyAttemptsException tooMany) {
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(tooMany.retryAfterSeconds()));
            write(response, error, HttpStatus.TOO_MANY_REQUESTS);
            return;
        }
        write(response, ParameterErrors.describe(error));
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
            throws IOException {
        write(response, new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT,
                "Client authentication is required: confidential applications send client_id and client_secret with "
                        + "HTTP Basic; public applications send client_id (and, redeeming a code, code_verifier)",
                null));
    }

    private void write(HttpServletResponse response, OAuth2Error error) throws IOException {
        write(response, error, switch (error.getErrorCode()) {
            case OAuth2ErrorCodes.INVALID_CLIENT -> HttpStatus.UNAUTHORIZED;
            case OAuth2ErrorCodes.SERVER_ERROR -> HttpStatus.INTERNAL_SERVER_ERROR;
            default -> HttpStatus.BAD_REQUEST;
        });
    }

    private void write(HttpServletResponse response, OAuth2Error error, HttpStatus status) throws IOException {
        if (status == HttpStatus.INTERNAL_SERVER_ERROR) {
            log.error("Token endpoint failed: {}", error.getDescription());
        }
        ServletServerHttpResponse httpResponse = new ServletServerHttpResponse(response);
        httpResponse.setStatusCode(status);
        if (status == HttpStatus.UNAUTHORIZED) {
            httpResponse.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"latchkey\"");
        }
        httpResponse.getHeaders().setCacheControl("no-store");
        httpResponse.getHeaders().setPragma("no-cache");
        converter.write(OAuth2Errors.printable(error), null, httpResponse);
    }
}
