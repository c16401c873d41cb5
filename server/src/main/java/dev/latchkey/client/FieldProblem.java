package dev.latchkey.client;

/** One invalid field of an application, with a message that says what is wrong and how to fix it. */
public record FieldProblem(String field, String message) {

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
