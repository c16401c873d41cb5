package dev.latchkey.admin;

import java.time.Instant;

import dev.latchkey.admin.AuditEvent.Category;

/**
 * Which audit events to read, newest first; every filter is optional ({@code null}).
 *
 * @param from only events at or after this instant
 * @param to only events before this instant
 * @param actor only events by this actor (a username, an API robot's client id, or {@code latchkey})
 * @param clientId only events about the application with this client id
 * @param action only events of this type ({@code login.failed}, {@code application.created}, ...)
 * @param category only changes or only security events
 * @param before only events listed after the event with this id (the next page), {@code null} for the first page
 * @param limit at most this many events
 */
public record AuditQuery(Instant from, Instant to, String actor, String clientId, String action, Category category,
        Long before, int limit) {

    /** The newest {@code limit} events of {@code category} (all when {@code null}). */
    public static AuditQuery latest(Category category, int limit) {
        return new AuditQuery(null, null, null, null, null, category, null, limit);
    }
}
