package dev.latchkey.account;

import java.time.Instant;
import java.util.Set;

/** An application a user let in: its name, the scopes it holds, and when the user last authorized it. */
public record ConnectedApp(String clientId, String name, Set<String> scopes, Instant authorizedAt) {

    public ConnectedApp {
        scopes = Set.copyOf(scopes);
    }
}
