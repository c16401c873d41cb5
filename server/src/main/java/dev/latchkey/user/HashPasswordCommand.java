package dev.latchkey.user;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code java -jar latchkey.jar hash-password}: reads a password (without echo at a terminal, else the first
 * line of standard input) and prints its Argon2id hash, as Latchkey stores it, for
 * {@code latchkey.provision.users[].password-hash}. Runs without starting the server.
 */
public final class HashPasswordCommand {

    public static final String NAME = "hash-password";

    private HashPasswordCommand() {
    }

    /** @return the process exit code: 0 with the hash on {@code out}, 2 with the reason on {@code err} */
    public static int run(Console console, InputStream in, PrintStream out, PrintStream err) {
        String password;
        try {
            password = console != null ? readFromConsole(console) : readFirstLine(in);
        }
        catch (IOException ex) {
            err.println("hash-password: could not read the password: " + ex.getMessage());
            return 2;
        }
        catch (IllegalStateException ex) {
            err.println("hash-password: " + ex.getMessage());
            return 2;
        }
        if (password == null || password.length() < Passwords.MIN_LENGTH) {
            err.println("hash-password: the password must be at least " + Passwords.MIN_LENGTH + " characters");
            return 2;
        }
        // One password, one hash: nothing to bound.
        out.println(Passwords.encoder(1).encode(password));
        return 0;
    }

    private static String readFromConsole(Console console) {
        char[] typed = console.readPassword("Password: ");
        char[] repeated = typed == null ? null : console.readPassword("Again: ");
        if (typed != null && repeated != null && !String.valueOf(typed).equals(String.valueOf(repeated))) {
            throw new IllegalStateException("the two passwords differ");
        }
        return typed == null ? null : String.valueOf(typed);
    }

    private static String readFirstLine(InputStream in) throws IOException {
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
    }
}
