package dev.latchkey.authorization;

/** What the server knows of a presented refresh token, to explain a refusal. */
public record RefreshTokenStatus(State state, String clientId) {

    public enum State {
        /** Never issued here, or cleaned up after it expired. */
        UNKNOWN,
        /** Rotated away: it was used once already. */
        ROTATED,
        /** Its grant was revoked. */
        REVOKED,
        EXPIRED,
        ACTIVE
    }
}
