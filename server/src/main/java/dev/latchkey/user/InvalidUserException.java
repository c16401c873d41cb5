package dev.latchkey.user;

/**
 * A user account that cannot be saved: {@link #field()} names the offending field ({@code username} or
 * {@code password}), the message says what is wrong. An {@link IllegalArgumentException}, so callers that
 * only report the message need not know this type.
 */
public class InvalidUserException extends IllegalArgumentException {

    private final String field;

    public InvalidUserException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
