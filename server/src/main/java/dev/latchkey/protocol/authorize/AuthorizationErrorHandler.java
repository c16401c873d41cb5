package dev.latchkey.protocol.authorize;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

import dev.latchkey.protocol.RedirectUri;
import dev.latchkey.protocol.errors.HtmlErrorPage;
import dev.latchkey.protocol.errors.OAuth2Errors;
import dev.latchkey.protocol.errors.ParameterErrors;

/**
 * Answers a refused authorization request. When the client and its redirect URI are trusted, the error
 * goes back to the client (RFC 6749 §4.1.2.1) with the request's {@code state} and {@code iss} (RFC 9207):
 * also when the request was refused before Spring looked the client up (a missing or unsupported
 * {@code response_type}), if its {@code client_id} names an application and its {@code redirect_uri} is one that
 * application registered. Otherwise (unknown client, unregistered redirect URI, a parameter that cannot be read)
 * it must not redirect, and renders an error page that names the problem.
 */
public final class AuthorizationErrorHandler implements AuthenticationFailureHandler {

    private final String issuer;

    private final ITemplateEngine templates;

    private final RegisteredClientRepository clients;

    public AuthorizationErrorHandler(String issuer, ITemplateEngine templates, RegisteredClientRepository clients) {
        this.issuer = issuer;
        this.templates = templates;
        this.clients = clients;
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
        error = OAuth2Errors.printable(error);
        Target target = authorizationRequest != null ? Target.of(authorizationRequest) : trustedTarget(request);
        if (target == null) {
            renderErrorPage(response, error);
            return;
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put(OAuth2ParameterNames.ERROR, error.getErrorCode());
        parameters.put(OAuth2ParameterNames.ERROR_DESCRIPTION, error.getDescription());
        parameters.put(OAuth2ParameterNames.ERROR_URI, error.getUri());
        parameters.put(OAuth2ParameterNames.STATE, target.state());
        parameters.put("iss", issuer);
        ClientRedirect.send(request, response, RedirectUri.withParameters(target.redirectUri(), parameters));
    }

    /** Spring's refusal of a client_id it cannot find: the request names one, and there is no redirect. */
    private static boolean isUnknownClient(AuthenticationException exception,
            OAuth2AuthorizationCodeRequestAuthenticationToken request) {
        OAuth2Error original = ((OAuth2AuthenticationException) exception).getError();
        return "OAuth 2.0 Parameter: client_id".equals(original.getDescription()) && request.getClientId() != null
                && (request.getRedirectUri() == null || request.getRedirectUri().isEmpty());
    }

    /**
     * Where a request refused before its client was looked up may be answered: its application's redirect URI,
     * given once and registered (or the only one registered, when none is given), with its state given at most
     * once and not too long to repeat; else {@code null}.
     */
    private Target trustedTarget(HttpServletRequest request) {
        if (!"GET".equals(request.getMethod())) {
            return null;
        }
        String clientId = single(request, OAuth2ParameterNames.CLIENT_ID);
        String[] redirectUris = request.getParameterValues(OAuth2ParameterNames.REDIRECT_URI);
        String[] states = request.getParameterValues(OAuth2ParameterNames.STATE);
        RegisteredClient client = clientId == null ? null : clients.findByClientId(clientId);
        if (client == null || (redirectUris != null && redirectUris.length != 1) || (states != null && states.length != 1)
                || (states != null && StateLength.isTooLong(states[0]))) {
            return null;
        }
        String state = states == null ? null : states[0];
        if (redirectUris == null || redirectUris[0].isEmpty()) {
            return client.getRedirectUris().size() == 1 ? new Target(client.getRedirectUris().iterator().next(), state)
                    : null;
        }
        return client.getRedirectUris().contains(redirectUris[0]) ? new Target(redirectUris[0], state) : null;
    }

    private static String single(HttpServletRequest request, String name) {
        String[] values = request.getParameterValues(name);
        return values != null && values.length == 1 && !values[0].isEmpty() ? values[0] : null;
    }

    private void renderErrorPage(HttpServletResponse response, OAuth2Error error) throws IOException {
        Context context = new Context(Locale.ENGLISH);
        context.setVariable("error", error.getErrorCode());
        context.setVariable("description", error.getDescription());
        HtmlErrorPage.render(templates, "oauth-error", context, response);
    }

    /** A trusted redirect URI and the state to send back there. */
    private record Target(String redirectUri, String state) {

        /** The request as Spring validated it; {@code null} when Spring withheld the redirect URI. */
        static Target of(OAuth2AuthorizationCodeRequestAuthenticationToken request) {
            return request.getRedirectUri() == null || request.getRedirectUri().isEmpty() ? null
                    : new Target(request.getRedirectUri(), request.getState());
        }
    }
}
