package dev.latchkey.protocol.authorize;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;

import dev.latchkey.protocol.RedirectUri;

/**
 * Sends a browser that must sign in to the login page, carrying the authorization request's
 * {@code login_hint} (OpenID Connect Core §3.1.2.1) so that the page can pre-fill the username.
 */
public final class LoginPageEntryPoint extends LoginUrlAuthenticationEntryPoint {

    static final String LOGIN_PAGE = "/login";

    public LoginPageEntryPoint() {
        super(LOGIN_PAGE);
    }

    @Override
    protected String determineUrlToUseForThisRequest(HttpServletRequest request, HttpServletResponse response,
            AuthenticationException exception) {
        return url(request.getParameter("login_hint"));
    }

    /** The login page, with the username to pre-fill when there is one. */
    static String url(String loginHint) {
        if (loginHint == null || loginHint.isBlank()) {
            return LOGIN_PAGE;
        }
        return RedirectUri.withParameters(LOGIN_PAGE, Map.of("login_hint", loginHint));
    }
}
