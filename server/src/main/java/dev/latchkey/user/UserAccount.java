package dev.latchkey.user;

/**
 * A person who signs in. {@code id} is the stable subject identifier; the username may change.
 * The password is held only as a slow salted hash ({@link Passwords}).
 */
public record UserAccount(String id, String username, String passwordHash, boolean enabled, boolean admin) {
}
