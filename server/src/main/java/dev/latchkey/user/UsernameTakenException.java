package dev.latchkey.user;

/** Creating a user whose username another account already has. */
public class UsernameTakenException extends RuntimeException {

    public UsernameTakenException(String username) {
        super("username '" + username + "' is already taken");
    }
}
