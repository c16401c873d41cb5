package dev.latchkey.user;

import java.io.Serializable;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;

import org.springframework.security.core.Authentication;

/**
 * The sign-in an authentication came from, kept as its details: when the user entered the password
 * ({@code auth_time}, OpenID Connect Core §2) and a random identifier of that sign-in ({@code sid}, Front-
 * and Back-Channel Logout §2). Every grant stores both, so any node issues the same values in later ID tokens.
 */
public record SignInDetails(String sessionId, Instant authenticatedAt) implements Serializable {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A sign-in happening now. */
    public static SignInDetails now() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return new SignInDetails(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes), Instant.now());
    }

    /** The details of a form sign-in, or {@code null} for any other authentication. */
    public static SignInDetails of(Authentication authentication) {
        return authentication != null && authentication.getDetails() instanceof SignInDetails details ? details : null;
    }
}
