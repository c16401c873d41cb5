package dev.latchkey.client;

/** RFC 6749 §2.1 client types. */
public enum ClientType {
    /** Cannot keep a secret (single-page and native apps): no secret, PKCE required. */
    PUBLIC,
    /** Runs on a server and authenticates with a secret. */
    CONFIDENTIAL;

    public String value() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static ClientType fromValue(String value) {
        for (ClientType type : values()) {
            if (type.value().equals(value)) {
                return type;
            }
        }
        throw new IllegalArgumentException("client type must be 'public' or 'confidential', not '" + value + "'");
    }
}
