package dev.latchkey.guard;

import java.time.Duration;
import java.time.Instant;

/**
 * Whether an attempt may go ahead, and if not, when the next one may.
 *
 * @param retryAt when the next attempt may go ahead, for a refused one
 * @param counted the counter with this attempt counted, {@code null} when it was not counted
 */
public record Admission(boolean allowed, Instant retryAt, FailureCounter counted) {

    static final Admission UNGUARDED = new Admission(true, null, null);

    static Admission counted(FailureCounter counter) {
        return new Admission(true, null, counter);
    }

    static Admission refused(Instant retryAt) {
        return new Admission(false, retryAt, null);
    }

    /** Whole seconds until the next attempt may go ahead, at least one ({@code Retry-After}, RFC 9110 §10.2.3). */
    public long retryAfterSeconds(Instant now) {
        return Math.max(1, (Duration.between(now, retryAt).toMillis() + 999) / 1000);
    }
}
