package dev.latchkey.guard;

import java.time.Instant;

/**
 * An account name, client address or application reached its lock threshold: an audit event.
 *
 * @param displayName the account's username, the address or the client id; {@code null} for a name that is no
 * account (it may be a password typed into the wrong field)
 */
public record LockedOutEvent(GuardedKind kind, String displayName, int failures, Instant until) {
}
