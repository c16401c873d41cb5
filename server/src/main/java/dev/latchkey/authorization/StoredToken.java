package dev.latchkey.authorization;

import java.time.Instant;

/** A code or token as the store keeps it: its SHA-256 (hex), never its value, and its lifetime. */
public record StoredToken(String hash, Instant issuedAt, Instant expiresAt) {

    public boolean isExpired(Instant now) {
        return expiresAt != null && !expiresAt.isAfter(now);
    }
}
