package dev.latchkey.guard;

import java.time.Duration;
import java.time.Instant;

import dev.latchkey.settings.GuardSettings;

/**
 * The rule for one kind: after {@code delay-after} failures each further attempt waits, twice as long each
 * time up to the longest delay; after {@code lock-after} the series locks. A series is forgotten when its window
 * has passed, and a lock that ran out starts a new one: at most {@code lock-after} attempts per lock.
 */
final class Throttle {

    private final GuardSettings settings;

    private final GuardSettings.Limits limits;

    Throttle(GuardSettings settings, GuardSettings.Limits limits) {
        this.settings = settings;
        this.limits = limits;
    }

    /** The counter after one more failure at {@code now}; {@code current} {@code null} when there is none. */
    FailureCounter afterFailure(FailureCounter current, GuardedKind kind, String key, String displayName, Instant now) {
        boolean startsOver = current == null || (!current.isBlocked(now)
                && (current.locked() || !current.firstFailureAt().plus(settings.window()).isAfter(now)));
        int failures = startsOver ? 1 : current.failures() + 1;
        boolean locked = failures >= limits.lockAfter();
        Instant blockedUntil = locked ? now.plus(settings.lockDuration())
                : failures >= limits.delayAfter() ? now.plus(delay(failures)) : null;
        return new FailureCounter(kind, key, current == null ? displayName : current.displayName(), failures,
                startsOver ? now : current.firstFailureAt(), now, blockedUntil, locked,
                current == null ? 0 : current.version() + 1);
    }

    /** Whether this counter is the one whose failure locked its series. */
    boolean justLocked(FailureCounter counter) {
        return counter.locked() && counter.failures() == limits.lockAfter();
    }

    private Duration delay(int failures) {
        int doublings = failures - limits.delayAfter();
        if (doublings >= 30) {
            return settings.longestDelay();
        }
        Duration delay = settings.firstDelay().multipliedBy(1L << doublings);
        return delay.compareTo(settings.longestDelay()) > 0 ? settings.longestDelay() : delay;
    }
}
