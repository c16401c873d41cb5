package dev.latchkey.client;

/** Registering an application under a client id that another application already has. */
public class ApplicationExistsException extends RuntimeException {

    private final String clientId;

    public ApplicationExistsException(String clientId) {
        super("client_id '" + clientId + "' is already registered");
        this.clientId = clientId;
    }

    public String clientId() {
        return clientId;
    }
}
