package dev.latchkey.user;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A user account that cannot be saved: {@link #problems()} maps each offending field ({@code username},
 * {@code password}, {@code name}, {@code email}, {@code email_verified}) to what is wrong with it. An
 * {@link IllegalArgumentException}, so callers that only report the message need not know this type.
 */
public class InvalidUserException extends IllegalArgumentException {

    private final Map<String, String> problems;

    public InvalidUserException(String field, String message) {
        this(Map.of(field, message));
    }

    /** @param problems message by field, in the order the fields are shown; at least one */
    public InvalidUserException(Map<String, String> problems) {
        super(String.join("; ", problems.values()));
        this.problems = new LinkedHashMap<>(problems);
    }

    /** Message by field, in the order the fields are shown. */
    public Map<String, String> problems() {
        return new LinkedHashMap<>(problems);
    }
}
