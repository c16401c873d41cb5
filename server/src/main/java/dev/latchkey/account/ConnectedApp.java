package dev.latchkey.account;

import java.time.Instant;
import java.util.List;

/** An application a user let in: its name, the scopes it holds (sorted), and when the user last authorized it. */
public record ConnectedApp(String clientId, String name, List<String> scopes, Instant authorizedAt) {

    public ConnectedApp {
        scopes = List.copyOf(scopes);
    }
}
