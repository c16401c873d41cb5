package dev.latchkey.settings;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How user passwords are checked. The hash itself (Argon2id, OWASP's parameters) is not configurable: a
 * weaker one would only make stolen hashes cheaper to crack.
 *
 * @param hashingConcurrency At most this many password hashes run at once; the others wait their turn. Each
 * Argon2id hash claims 19 MiB, so this bounds the memory a burst of logins takes. Default: the number of
 * processors the JVM sees.
 */
@ConfigurationProperties("latchkey.passwords")
public record PasswordSettings(Integer hashingConcurrency) {

    public PasswordSettings {
        if (hashingConcurrency != null && (hashingConcurrency < 1 || hashingConcurrency > 1024)) {
            throw new InvalidSettingException("hashing-concurrency", "must be between 1 and 1024, not "
                    + hashingConcurrency);
        }
    }

    /** The configured concurrency, or the number of processors. */
    public int effectiveHashingConcurrency() {
        return hashingConcurrency != null ? hashingConcurrency : Runtime.getRuntime().availableProcessors();
    }
}
