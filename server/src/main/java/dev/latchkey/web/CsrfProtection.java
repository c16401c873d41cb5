package dev.latchkey.web;

import java.util.Set;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.CsrfConfigurer;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfTokenRequestHandler;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;
import org.springframework.security.web.csrf.XorCsrfTokenRequestAttributeHandler;

/**
 * Spring Security's CSRF protection of the pages (tokens in the session, masked in each form), with two refusals
 * made plain 403s: a forged token whose unmasking is not UTF-8 (Spring's handler throws, which was a 500), and a
 * form post that comes without a session (Spring would open one to keep a token it generates only to find it does
 * not match, so every refused post stored a session).
 */
public final class CsrfProtection {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    private CsrfProtection() {
    }

    public static void configure(CsrfConfigurer<HttpSecurity> csrf) {
        csrf.csrfTokenRepository(new NoSessionForRefusalsRepository())
            .csrfTokenRequestHandler(new UndecodableTokenHandler());
    }

    /** A token the caller could not have seen is not kept: nothing was shown to a request that must bring one. */
    private static final class NoSessionForRefusalsRepository implements CsrfTokenRepository {

        private final HttpSessionCsrfTokenRepository sessions = new HttpSessionCsrfTokenRepository();

        @Override
        public CsrfToken generateToken(HttpServletRequest request) {
            return sessions.generateToken(request);
        }

        @Override
        public void saveToken(CsrfToken token, HttpServletRequest request, HttpServletResponse response) {
            if (token != null && request.getSession(false) == null && !SAFE_METHODS.contains(request.getMethod())) {
                return;
            }
            sessions.saveToken(token, request, response);
        }

        @Override
        public CsrfToken loadToken(HttpServletRequest request) {
            return sessions.loadToken(request);
        }
    }

    /** A token that cannot be unmasked is as wrong as one that unmasks to another value. */
    private static final class UndecodableTokenHandler implements CsrfTokenRequestHandler {

        private final XorCsrfTokenRequestAttributeHandler masked = new XorCsrfTokenRequestAttributeHandler();

        @Override
        public void handle(HttpServletRequest request, HttpServletResponse response, Supplier<CsrfToken> token) {
            masked.handle(request, response, token);
        }

        @Override
        public String resolveCsrfTokenValue(HttpServletRequest request, CsrfToken token) {
            try {
                return masked.resolveCsrfTokenValue(request, token);
            }
            catch (IllegalArgumentException ex) {
                return null;
            }
        }
    }
}
