package dev.latchkey.guard;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.authentication.InternalAuthenticationServiceException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;

/**
 * Tells the guard how a sign-in the {@link SignInGuardFilter} let through ended, then answers as the login form
 * otherwise would. Every failure answers alike, whether the name is an account or not.
 */
public final class GuardedSignInHandlers implements AuthenticationSuccessHandler, AuthenticationFailureHandler {

    private final BruteForceGuard guard;

    private final AuthenticationSuccessHandler success;

    private final AuthenticationFailureHandler failure;

    public GuardedSignInHandlers(BruteForceGuard guard, AuthenticationSuccessHandler success,
            AuthenticationFailureHandler failure) {
        this.guard = guard;
        this.success = success;
        this.failure = failure;
    }

    @Override
    public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
            Authentication authentication) throws IOException, ServletException {
        guard.signInSucceeded(username(request));
        success.onAuthenticationSuccess(request, response, authentication);
    }

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
            AuthenticationException exception) throws IOException, ServletException {
        if (exception instanceof InternalAuthenticationServiceException && exception.getCause() instanceof RuntimeException cause) {
            // Not a wrong password: the account could not be read (the database is away, say). Counting it would
            // hold the user back for an outage; the request fails as a whole instead (web/UnexpectedErrorFilter).
            throw cause;
        }
        if (request.getAttribute(SignInGuardFilter.ADMISSION) instanceof Admission admission) {
            guard.signInFailed(request.getRemoteAddr(), admission);
        }
        failure.onAuthenticationFailure(request, response, exception);
    }

    /** The name as Spring's login form reads it (trimmed), so the guard counts what was checked. */
    static String username(HttpServletRequest request) {
        String username = request.getParameter(UsernamePasswordAuthenticationFilter.SPRING_SECURITY_FORM_USERNAME_KEY);
        return username == null ? "" : username.trim();
    }
}
