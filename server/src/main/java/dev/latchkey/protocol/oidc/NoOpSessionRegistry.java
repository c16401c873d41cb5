package dev.latchkey.protocol.oidc;

import java.util.Date;
import java.util.List;

import org.springframework.security.core.session.SessionInformation;
import org.springframework.security.core.session.SessionRegistry;

/**
 * Replaces the session registry Spring's authorization server would create for OpenID Connect: an in-memory
 * map that a restart empties, other nodes never see, and that nothing prunes. Latchkey keeps what an ID token
 * needs of the session ({@code sid}, {@code auth_time}) with the sign-in itself and with each grant
 * ({@link dev.latchkey.user.SignInDetails}), so there is nothing to register here.
 */
public final class NoOpSessionRegistry implements SessionRegistry {

    @Override
    public List<Object> getAllPrincipals() {
        return List.of();
    }

    @Override
    public List<SessionInformation> getAllSessions(Object principal, boolean includeExpiredSessions) {
        return List.of();
    }

    @Override
    public SessionInformation getSessionInformation(String sessionId) {
        // Never null: Spring would register the session otherwise.
        return new SessionInformation("", sessionId, new Date());
    }

    @Override
    public void refreshLastRequest(String sessionId) {
    }

    @Override
    public void registerNewSession(String sessionId, Object principal) {
    }

    @Override
    public void removeSessionInformation(String sessionId) {
    }
}
