package dev.latchkey.authorization;

import java.io.Serializable;

/**
 * What the database held when an authorization was loaded, carried as an attribute through Spring's
 * copy-and-save cycle so that {@link JdbcAuthorizationService#save} can make each transition
 * conditional on it (a code consumed once, a refresh token rotated once).
 */
record PersistedState(boolean codeConsumed, String refreshTokenHash, boolean revoked) implements Serializable {

    static final String ATTRIBUTE = PersistedState.class.getName();
}
