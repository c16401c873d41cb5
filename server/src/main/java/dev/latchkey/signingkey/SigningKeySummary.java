package dev.latchkey.signingkey;

import java.time.Instant;

/** What an operator sees of a signing key: never the key itself. {@code retiredAt} is set once retired. */
public record SigningKeySummary(String kid, String algorithm, SigningKeyState state, Instant createdAt,
        Instant retiredAt) {
}
