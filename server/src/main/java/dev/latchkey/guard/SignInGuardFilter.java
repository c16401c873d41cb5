package dev.latchkey.guard;

import java.io.IOException;
import java.time.Instant;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Stands before the login form's processing: a sign-in whose name or address is held back goes back to the login
 * page, told when to try again, without its password being checked; any other is counted
 * ({@link BruteForceGuard#admitSignIn}) and goes on, its admission kept for {@link GuardedSignInHandlers}.
 */
public final class SignInGuardFilter extends OncePerRequestFilter {

    static final String ADMISSION = SignInGuardFilter.class.getName() + ".admission";

    private final BruteForceGuard guard;

    private final String loginPath;

    private final Runnable heldBack;

    /** @param heldBack told of each sign-in held back (the metrics count them) */
    public SignInGuardFilter(BruteForceGuard guard, String loginPath, Runnable heldBack) {
        this.guard = guard;
        this.loginPath = loginPath;
        this.heldBack = heldBack;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || !loginPath.equals(request.getServletPath());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Admission admission = guard.admitSignIn(GuardedSignInHandlers.username(request), request.getRemoteAddr());
        if (!admission.allowed()) {
            heldBack.run();
            response.sendRedirect(request.getContextPath() + loginPath + "?locked="
                    + admission.retryAfterSeconds(Instant.now()));
            return;
        }
        request.setAttribute(ADMISSION, admission);
        chain.doFilter(request, response);
    }
}
