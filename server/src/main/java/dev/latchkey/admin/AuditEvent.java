package dev.latchkey.admin;

import java.time.Instant;

/**
 * One line of the audit log: who did what to which object, and when. {@code detail} is composed by
 * Latchkey from names and flags, never from a secret, password or token.
 */
public record AuditEvent(long id, Instant occurredAt, Category category, String actor, String action, String target,
        String detail) {

    /** Operators' and users' changes, or events the server detected (failed sign-ins, replays). */
    public enum Category {
        CHANGE, SECURITY;

        public String value() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static Category fromValue(String value) {
            return valueOf(value.toUpperCase(java.util.Locale.ROOT));
        }
    }
}
