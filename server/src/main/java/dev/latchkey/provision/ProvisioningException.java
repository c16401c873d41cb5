package dev.latchkey.provision;

/** The {@code latchkey.provision} configuration cannot be applied; the message names the property and the fix. */
public class ProvisioningException extends RuntimeException {

    public ProvisioningException(String message) {
        super(message);
    }
}
