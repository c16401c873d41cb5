package dev.latchkey.guard;

import java.time.Instant;

/**
 * The failures counted for one account name, address or client: a series starts with its first failure and is
 * forgotten when the window has passed since then (unless a lock still holds).
 *
 * @param key the keyed hash of the name ({@link GuardKeys})
 * @param displayName what the console shows, {@code null} for a name that is no account
 * @param blockedUntil no attempt goes ahead before this instant ({@code null}: none is held back)
 * @param locked whether the series reached the lock threshold
 * @param version changes with every write, so that a write based on an outdated read is refused
 */
public record FailureCounter(GuardedKind kind, String key, String displayName, int failures, Instant firstFailureAt,
        Instant lastFailureAt, Instant blockedUntil, boolean locked, long version) {

    public boolean isBlocked(Instant now) {
        return blockedUntil != null && blockedUntil.isAfter(now);
    }
}
