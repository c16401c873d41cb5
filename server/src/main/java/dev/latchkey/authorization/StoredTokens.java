package dev.latchkey.authorization;

import dev.latchkey.crypto.Hashes;

/**
 * Codes and tokens are stored as SHA-256 hashes. An authorization loaded from the database knows the
 * clear value only of the token it was looked up by; its other tokens carry a placeholder that holds
 * their stored hash, so saving the authorization again keeps them unchanged. A placeholder starts with a
 * NUL character and so can never equal a token a client presents.
 */
final class StoredTokens {

    private static final String PLACEHOLDER_PREFIX = "\u0000stored:";

    private StoredTokens() {
    }

    static String hash(String tokenValue) {
        if (tokenValue == null) {
            return null;
        }
        if (tokenValue.startsWith(PLACEHOLDER_PREFIX)) {
            return tokenValue.substring(PLACEHOLDER_PREFIX.length());
        }
        return Hashes.sha256Hex(tokenValue);
    }

    /** The clear value when the lookup was by this token, else a placeholder for the stored hash. */
    static String valueFor(String storedHash, String presentedValue, String presentedHash) {
        if (storedHash == null) {
            return null;
        }
        return storedHash.equals(presentedHash) ? presentedValue : PLACEHOLDER_PREFIX + storedHash;
    }
}
