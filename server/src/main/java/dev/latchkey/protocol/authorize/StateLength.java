package dev.latchkey.protocol.authorize;

import dev.latchkey.authorization.StoredGrant.AuthorizationRequest;

/**
 * The longest {@code state} Latchkey accepts: what a grant keeps. A longer one is refused on an error page rather
 * than repeated in a redirect, whose {@code Location} it could make too long to send.
 */
final class StateLength {

    private StateLength() {
    }

    static boolean isTooLong(String state) {
        return state != null && state.length() > AuthorizationRequest.MAX_STATE_LENGTH;
    }

    static String problem(String state) {
        return "state has " + state.length() + " characters: at most " + AuthorizationRequest.MAX_STATE_LENGTH
                + " are accepted. A random value of 128 bits is enough to protect against CSRF (RFC 6749 section 10.12)";
    }
}
