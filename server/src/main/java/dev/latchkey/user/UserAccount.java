package dev.latchkey.user;

import java.time.Instant;

/**
 * A person who signs in. {@code id} is the stable subject identifier ({@code sub} in ID tokens); the
 * username may change. The password is held only as a slow salted hash ({@link Passwords}). {@code name}
 * and {@code email} are optional profile claims (OpenID Connect Core §5.1), {@code null} when unknown.
 */
public record UserAccount(String id, String username, String passwordHash, boolean enabled, boolean admin,
        String name, String email, boolean emailVerified, Instant updatedAt) {

    /** The optional profile of an account, as an operator or the console sets it. */
    public record Profile(String name, String email, boolean emailVerified) {

        public static final Profile NONE = new Profile(null, null, false);
    }

    public Profile profile() {
        return new Profile(name, email, emailVerified);
    }
}
