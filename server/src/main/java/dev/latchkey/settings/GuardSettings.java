package dev.latchkey.settings;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Brute-force guards: failed sign-ins are counted per account name and per client address, wrong client
 * secrets per client id, in the database (so the limits hold across nodes and restarts). After {@code delay-after}
 * failures each further attempt must wait, {@code first-delay} and then twice as long each time up to
 * {@code longest-delay}; after {@code lock-after} failures the name, address or client is locked for
 * {@code lock-duration}, or until an operator unlocks it. Attempts that must wait are refused before any password
 * is checked: a sign-in page that says when to try again, a 429 with {@code Retry-After} for a client.
 *
 * @param enabled Whether the guards are on
 * @param window Failures older than this (counted from the first of a series) are forgotten (1 s to 24 h)
 * @param firstDelay The wait after the {@code delay-after}th failure (1 s to 1 h)
 * @param longestDelay The longest wait before the lock (at least {@code first-delay}, at most 1 h)
 * @param lockDuration How long a lock lasts (1 s to 24 h)
 * @param accounts Failed sign-ins with one account name, whether or not an account has that name, so that the
 * answers never tell which names exist (defaults: delay after 5, lock after 10)
 * @param addresses Failed sign-ins from one client address, whatever the names (defaults: delay after 20, lock
 * after 100). Behind a proxy, set {@code latchkey.trusted-proxies} so that the address is the client's
 * @param clients Wrong client secrets at the token, revocation and introspection endpoints, per client id of an
 * existing application (defaults: delay after 10, lock after 30)
 */
@ConfigurationProperties("latchkey.guards")
public record GuardSettings(@DefaultValue("true") boolean enabled, @DefaultValue("15m") Duration window,
        @DefaultValue("1s") Duration firstDelay, @DefaultValue("1m") Duration longestDelay,
        @DefaultValue("15m") Duration lockDuration, @DefaultValue Limits accounts,
        @DefaultValue Limits addresses, @DefaultValue Limits clients) {

    private static final Duration DAY = Duration.ofDays(1);

    private static final Duration HOUR = Duration.ofHours(1);

    public GuardSettings {
        within("window", window, DAY);
        within("first-delay", firstDelay, HOUR);
        within("longest-delay", longestDelay, HOUR);
        within("lock-duration", lockDuration, DAY);
        if (longestDelay.compareTo(firstDelay) < 0) {
            throw new InvalidSettingException("longest-delay", "must not be shorter than first-delay ("
                    + Rules.describe(firstDelay) + "), not " + Rules.describe(longestDelay));
        }
        accounts = accounts.orDefaults(5, 10).checked("accounts");
        addresses = addresses.orDefaults(20, 100).checked("addresses");
        clients = clients.orDefaults(10, 30).checked("clients");
    }

    private static void within(String key, Duration value, Duration max) {
        if (!TokenSettings.isWithin(value, max)) {
            throw new InvalidSettingException(key, "must be between 1s and " + Rules.describe(max) + ", not "
                    + (value == null ? "empty" : Rules.describe(value)));
        }
    }

    /**
     * When failures start to cost a wait, and when they lock.
     *
     * @param delayAfter Failures before each further attempt must wait (1 to 1000)
     * @param lockAfter Failures that lock (more than {@code delay-after}, at most 10000)
     */
    public record Limits(Integer delayAfter, Integer lockAfter) {

        /** Each limit left unset takes the default of the kind it limits. */
        Limits orDefaults(int defaultDelayAfter, int defaultLockAfter) {
            return new Limits(delayAfter != null ? delayAfter : defaultDelayAfter,
                    lockAfter != null ? lockAfter : defaultLockAfter);
        }

        Limits checked(String key) {
            if (delayAfter < 1 || delayAfter > 1000) {
                throw new InvalidSettingException(key + ".delay-after", "must be between 1 and 1000, not " + delayAfter);
            }
            if (lockAfter <= delayAfter || lockAfter > 10_000) {
                throw new InvalidSettingException(key + ".lock-after", "must be more than delay-after (" + delayAfter
                        + ") and at most 10000, not " + lockAfter);
            }
            return this;
        }
    }
}
