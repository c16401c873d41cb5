package dev.latchkey.user;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.authentication.AuthenticationDetailsSource;

/** Gives each form sign-in its {@link SignInDetails}; Spring copies them onto the authenticated user. */
public final class SignInDetailsSource implements AuthenticationDetailsSource<HttpServletRequest, SignInDetails> {

    @Override
    public SignInDetails buildDetails(HttpServletRequest request) {
        return SignInDetails.now();
    }
}
