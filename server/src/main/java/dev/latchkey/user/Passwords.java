package dev.latchkey.user;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * User password hashing: Argon2id with the OWASP Password Storage Cheat Sheet's first recommended
 * configuration (19 MiB of memory, 2 iterations, parallelism 1), a 16-byte random salt and a 32-byte
 * hash. Deliberately slow; never used for client secrets or tokens, which are high-entropy. At most one
 * hash per available core runs at a time ({@link BoundedPasswordEncoder}).
 */
public final class Passwords {

    public static final int MEMORY_KIB = 19 * 1024;

    public static final int ITERATIONS = 2;

    public static final int PARALLELISM = 1;

    private Passwords() {
    }

    public static PasswordEncoder encoder() {
        return new BoundedPasswordEncoder(new Argon2PasswordEncoder(16, 32, PARALLELISM, MEMORY_KIB, ITERATIONS),
                Runtime.getRuntime().availableProcessors());
    }
}
