package dev.latchkey.user;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The rules an account must follow, wherever it is created or changed (console, management API,
 * provisioning, which checks its entries before the server starts). Each refusal names the field.
 */
public final class UserRules {

    private UserRules() {
    }

    /** A line break or a NUL has no place in a name: it would forge log lines, and PostgreSQL cannot store a NUL. */
    private static boolean hasControlCharacters(String value) {
        return value.chars().anyMatch(Character::isISOControl);
    }

    /** @throws InvalidUserException naming {@code username} */
    public static void checkUsername(String username) {
        if (username == null || username.isBlank() || username.length() > 150 || !username.equals(username.strip())
                || hasControlCharacters(username)) {
            throw new InvalidUserException("username",
                    "username must be 1 to 150 characters without leading or trailing spaces or control characters");
        }
    }

    /** @throws InvalidUserException naming {@code password} */
    public static void checkPassword(String username, String password) {
        if (password == null || password.length() < Passwords.MIN_LENGTH) {
            throw new InvalidUserException("password",
                    "password of '" + username + "' must be at least " + Passwords.MIN_LENGTH + " characters");
        }
    }

    /** @throws InvalidUserException naming every field of the profile that breaks a rule */
    public static void checkProfile(String username, UserAccount.Profile profile) {
        Map<String, String> problems = new LinkedHashMap<>();
        if (profile.name() != null && (profile.name().length() > 200 || hasControlCharacters(profile.name()))) {
            problems.put("name", "name of '" + username + "' must be at most 200 characters, without control characters");
        }
        if (profile.email() != null && (profile.email().length() > 320 || !profile.email().matches("[^@\\s]+@[^@\\s]+")
                || hasControlCharacters(profile.email()))) {
            problems.put("email", "email of '" + username + "' must be an address like name@example.com");
        }
        if (profile.emailVerified() && profile.email() == null) {
            problems.put("email_verified", "email-verified of '" + username + "' needs an email");
        }
        if (!problems.isEmpty()) {
            throw new InvalidUserException(problems);
        }
    }
}
