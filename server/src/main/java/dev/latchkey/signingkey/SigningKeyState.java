package dev.latchkey.signingkey;

/** Life of a signing key: it signs while active, still verifies while published, and is gone once retired. */
public enum SigningKeyState {
    ACTIVE, PUBLISHED, RETIRED;

    public String value() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    static SigningKeyState fromValue(String value) {
        return valueOf(value.toUpperCase(java.util.Locale.ROOT));
    }
}
