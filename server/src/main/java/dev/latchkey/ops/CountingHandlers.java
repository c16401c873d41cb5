package dev.latchkey.ops;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.stereotype.Component;

/**
 * Spring Security's handlers, counting what they answer ({@link OAuthMetrics}) and then answering exactly as
 * before. The security configuration wraps the handlers it sets with these, so that counting costs one counter
 * increment where the answer is decided, and nothing on requests that reach no handler.
 */
@Component
public class CountingHandlers {

    private final OAuthMetrics metrics;

    public CountingHandlers(OAuthMetrics metrics) {
        this.metrics = metrics;
    }

    /** The token endpoint's success handler: each token response, by grant type and (registered) application. */
    public AuthenticationSuccessHandler tokenResponses(AuthenticationSuccessHandler handler) {
        return (request, response, authentication) -> {
            handler.onAuthenticationSuccess(request, response, authentication);
            if (authentication instanceof OAuth2AccessTokenAuthenticationToken token) {
                metrics.tokenIssued(request.getParameter(OAuth2ParameterNames.GRANT_TYPE),
                        token.getRegisteredClient().getClientId());
            }
        };
    }

    /** An endpoint's error handler: each refusal, by the endpoint of the request's path and its RFC error code. */
    public AuthenticationFailureHandler refusals(AuthenticationFailureHandler handler) {
        return (request, response, exception) -> {
            metrics.refused(EndpointGroup.of(request.getRequestURI()), errorCode(exception, null));
            handler.onAuthenticationFailure(request, response, exception);
        };
    }

    /**
     * An entry point: each refusal of a credential, by the endpoint and the RFC error code.
     *
     * @param withoutCredentials the error the entry point answers when the request carried no credential, or
     * {@code null} when such a request is only asked for one (RFC 6750 §3.1: a challenge without an error code)
     */
    public AuthenticationEntryPoint refusals(AuthenticationEntryPoint entryPoint, String withoutCredentials) {
        return (request, response, exception) -> {
            String error = errorCode(exception, withoutCredentials);
            if (error != null) {
                metrics.refused(EndpointGroup.of(request.getRequestURI()), error);
            }
            entryPoint.commence(request, response, exception);
        };
    }

    /** The login form's success handler. */
    public AuthenticationSuccessHandler signIns(AuthenticationSuccessHandler handler) {
        return (request, response, authentication) -> {
            metrics.loginSucceeded();
            handler.onAuthenticationSuccess(request, response, authentication);
        };
    }

    /** The login form's failure handler. */
    public AuthenticationFailureHandler failedSignIns(AuthenticationFailureHandler handler) {
        return (request, response, exception) -> {
            metrics.loginFailed();
            handler.onAuthenticationFailure(request, response, exception);
        };
    }

    /** A sign-in the brute-force guard held back. */
    public void signInHeldBack() {
        metrics.loginThrottled();
    }

    private static String errorCode(AuthenticationException exception, String otherwise) {
        return exception instanceof OAuth2AuthenticationException oauth ? oauth.getError().getErrorCode() : otherwise;
    }
}
