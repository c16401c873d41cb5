package dev.latchkey.admin;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * One line of the audit log: who did what to which object, and when. {@code detail} is composed by
 * Latchkey from names and flags, never from a secret, password or token.
 */
public record AuditEvent(long id, Instant occurredAt, Category category, String actor, String action, String target,
        String detail) {

    /** The families of actions whose target is an application's client id. */
    static final List<String> CLIENT_ACTION_PREFIXES = List.of("application.", "client.", "connected-app.");

    /** Actions outside those families whose target is also a client id. */
    static final List<String> OTHER_CLIENT_ACTIONS = List.of("grant.revoked", "grant.revoked-all-of-application");

    /** The client id of the application the event is about, or {@code null} when it is about no application. */
    public String clientId() {
        return isAboutAnApplication(action) ? target : null;
    }

    /** The user, address or key the event is about when it is about no application, else {@code null}. */
    public String subject() {
        return isAboutAnApplication(action) ? null : target;
    }

    static boolean isAboutAnApplication(String action) {
        return OTHER_CLIENT_ACTIONS.contains(action) || CLIENT_ACTION_PREFIXES.stream().anyMatch(action::startsWith);
    }

    /** Operators' and users' changes, or events the server detected (failed sign-ins, replays). */
    public enum Category {
        CHANGE, SECURITY;

        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The category an operator names ({@code change}, {@code security}), or {@code null} for another name. */
        public static Category fromValue(String value) {
            for (Category category : values()) {
                if (category.value().equals(value)) {
                    return category;
                }
            }
            return null;
        }
    }
}
