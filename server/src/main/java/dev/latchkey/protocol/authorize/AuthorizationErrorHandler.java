package dev.latchkey.protocol.authorize;

import java.io.IOException;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.web.util.UriComponentsBuilder;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

import dev.latchkey.protocol.errors.HtmlErrorPage;
import dev.latchkey.protocol.errors.ParameterErrors;

/**
 * Answers a refused authorization request. When the client and its redirect URI are trusted, the error
 * goes back to the client (RFC 6749 §4.1.2.1) with {@code iss} (RFC 9207). Otherwise — unknown client,
 * unregistered redirect URI, malformed request — it must not redirect, and renders an error page that
 * names the problem.
 */
public final class AuthorizationErrorHandler implements AuthenticationFailureHandler {

    private final String issuer;

    private final ITemplateEngine templates;

    public AuthorizationErrorHandler(String issuer, ITemplateEngine templates) {
        this.issuer = issuer;
        this.templates = templates;
    }

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
            AuthenticationException exception) throws IOException {
        OAuth2Error error = exception instanceof OAuth2AuthenticationException oauth
                ? ParameterErrors.describe(oauth.getError())
                : new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST, "The authorization request is invalid", null);
        OAuth2AuthorizationCodeRequestAuthenticationToken authorizationRequest = exception instanceof OAuth2AuthorizationCodeRequestAuthenticationException ex
                ? ex.getAuthorizationCodeRequestAuthentication() : null;
        if (authorizationRequest != null && isUnknownClient(exception, authorizationRequest)) {
            error = new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST, "client_id '" + authorizationRequest.getClientId()
                    + "' is not a registered application: check the client_id, or ask the operator to register it", null);
        }
        if (authorizationRequest == null || authorizationRequest.getRedirectUri() == null
                || authorizationRequest.getRedirectUri().isEmpty()) {
            renderErrorPage(response, error);
            return;
        }
        UriComponentsBuilder location = UriComponentsBuilder.fromUriString(authorizationRequest.getRedirectUri())
            .queryParam(OAuth2ParameterNames.ERROR, error.getErrorCode());
        if (error.getDescription() != null) {
            location.queryParam(OAuth2ParameterNames.ERROR_DESCRIPTION, error.getDescription());
        }
        if (error.getUri() != null) {
            location.queryParam(OAuth2ParameterNames.ERROR_URI, error.getUri());
        }
        if (authorizationRequest.getState() != null && !authorizationRequest.getState().isEmpty()) {
            location.queryParam(OAuth2ParameterNames.STATE, authorizationRequest.getState());
        }
        location.queryParam("iss", issuer);
        ClientRedirect.send(request, response, location.encode().build().toUriString());
    }

    /** Spring's refusal of a client_id it cannot find: the request names one, and there is no redirect. */
    private static boolean isUnknownClient(AuthenticationException exception,
            OAuth2AuthorizationCodeRequestAuthenticationToken request) {
        OAuth2Error original = ((OAuth2AuthenticationException) exception).getError();
        return "OAuth 2.0 Parameter: client_id".equals(original.getDescription()) && request.getClientId() != null
                && (request.getRedirectUri() == null || request.getRedirectUri().isEmpty());
    }

    private void renderErrorPage(HttpServletResponse response, OAuth2Error error) throws IOException {
        Context context = new Context(Locale.ENGLISH);
        context.setVariable("error", error.getErrorCode());
        context.setVariable("description", error.getDescription());
        HtmlErrorPage.render(templates, "oauth-error", context, response);
    }
}
