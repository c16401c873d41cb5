package dev.latchkey.admin;

/**
 * A change the console and API refuse because it would lock operators out (disabling, demoting or deleting
 * oneself or the last admin) or cannot apply (rotating the secret of a public application).
 */
public class AdministrationRefusedException extends RuntimeException {

    public AdministrationRefusedException(String message) {
        super(message);
    }
}
