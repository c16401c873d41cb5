package dev.latchkey.protocol.oidc;

import java.io.IOException;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.csrf.CsrfToken;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

import dev.latchkey.protocol.errors.HtmlErrorPage;
import dev.latchkey.protocol.errors.OAuth2Errors;

/**
 * Answers a logout request that cannot be trusted (RP-Initiated Logout 1.0 §4): nothing is redirected and
 * the session is not ended on the application's word alone. A page explains the problem and lets a
 * signed-in user confirm the sign-out themselves.
 */
public final class LogoutErrorHandler implements AuthenticationFailureHandler {

    private static final String SPRING_PREFIX = "OpenID Connect 1.0 Logout Request Parameter: ";

    private static final Map<String, String> PARAMETERS = Map.of(
            "id_token_hint", "id_token_hint is missing, repeated, or not an ID token this server issued (or its "
                    + "grant was revoked): the application must send the ID token it received at sign-in",
            "aud", "id_token_hint was not issued to the application named by client_id",
            "client_id", "client_id is repeated or does not match the application the id_token_hint was issued to",
            "sub", "id_token_hint names another user than the one signed in here",
            "sid", "id_token_hint belongs to another sign-in session",
            "post_logout_redirect_uri", "post_logout_redirect_uri is repeated",
            "state", "state is repeated");

    private final ITemplateEngine templates;

    public LogoutErrorHandler(ITemplateEngine templates) {
        this.templates = templates;
    }

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
            AuthenticationException exception) throws IOException {
        OAuth2Error error = exception instanceof OAuth2AuthenticationException oauth ? oauth.getError()
                : new OAuth2Error("invalid_request");
        String description = error.getDescription();
        if (description != null && description.startsWith(SPRING_PREFIX)) {
            description = PARAMETERS.getOrDefault(description.substring(SPRING_PREFIX.length()), description);
        }
        Authentication user = SecurityContextHolder.getContext().getAuthentication();
        Context context = new Context(Locale.ENGLISH);
        context.setVariable("error", error.getErrorCode());
        context.setVariable("description", OAuth2Errors.printable(new OAuth2Error(error.getErrorCode(),
                description == null ? "The logout request is invalid" : description, null)).getDescription());
        boolean signedIn = user != null && user.isAuthenticated() && !(user instanceof AnonymousAuthenticationToken);
        context.setVariable("signedIn", signedIn);
        // Only the signed-in user's confirmation form needs a CSRF token: reading one opens a session.
        if (signedIn && request.getAttribute(CsrfToken.class.getName()) instanceof CsrfToken csrf) {
            context.setVariable("csrfParameter", csrf.getParameterName());
            context.setVariable("csrfToken", csrf.getToken());
        }
        HtmlErrorPage.render(templates, "logout-error", context, response);
    }
}
