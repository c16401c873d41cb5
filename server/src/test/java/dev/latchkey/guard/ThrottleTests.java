package dev.latchkey.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.latchkey.settings.GuardSettings;

/** How a series of failures holds attempts back: waits that double up to the longest, a lock, a fresh start. */
class ThrottleTests {

    private static final GuardSettings SETTINGS = new GuardSettings(true, Duration.ofMinutes(15), Duration.ofSeconds(1),
            Duration.ofSeconds(10), Duration.ofMinutes(15), new GuardSettings.Limits(null, null),
            new GuardSettings.Limits(null, null), new GuardSettings.Limits(null, null));

    private final Throttle throttle = new Throttle(SETTINGS, new GuardSettings.Limits(3, 8));

    private final Instant start = Instant.parse("2026-12-03T10:00:00Z");

    @Test
    void failuresWaitFromTheDelayThresholdDoublingUpToTheLongestThenLock() {
        FailureCounter counter = null;
        Instant now = start;
        StringBuilder waits = new StringBuilder();
        for (int failure = 1; failure <= 8; failure++) {
            counter = throttle.afterFailure(counter, GuardedKind.ACCOUNT, "key", "alice", now);
            waits.append(counter.blockedUntil() == null ? "-" : Duration.between(now, counter.blockedUntil()).toSeconds())
                .append(counter.locked() ? "L" : "")
                .append(' ');
            assertThat(counter.failures()).isEqualTo(failure);
            now = counter.blockedUntil() == null ? now.plusSeconds(1) : counter.blockedUntil();
        }
        assertThat(waits.toString().trim()).isEqualTo("- - 1 2 4 8 10 900L");
        assertThat(throttle.justLocked(counter)).isTrue();
    }

    @Test
    void aSeriesIsForgottenAfterItsWindowAndAfterALockRunsOut() {
        FailureCounter counter = null;
        for (int failure = 1; failure <= 2; failure++) {
            counter = throttle.afterFailure(counter, GuardedKind.ACCOUNT, "key", "alice", start);
        }
        FailureCounter afterWindow = throttle.afterFailure(counter, GuardedKind.ACCOUNT, "key", null,
                start.plus(Duration.ofMinutes(15)));
        assertThat(afterWindow.failures()).isEqualTo(1);
        assertThat(afterWindow.displayName()).as("kept from the series").isEqualTo("alice");
        assertThat(afterWindow.version()).isEqualTo(counter.version() + 1);

        FailureCounter locked = new FailureCounter(GuardedKind.ACCOUNT, "key", "alice", 8, start, start,
                start.plus(Duration.ofMinutes(15)), true, 7);
        assertThat(locked.isBlocked(start.plusSeconds(899))).isTrue();
        FailureCounter afterLock = throttle.afterFailure(locked, GuardedKind.ACCOUNT, "key", null,
                start.plus(Duration.ofMinutes(15)));
        assertThat(afterLock.failures()).isEqualTo(1);
        assertThat(afterLock.locked()).isFalse();
        assertThat(afterLock.blockedUntil()).isNull();
    }
}
