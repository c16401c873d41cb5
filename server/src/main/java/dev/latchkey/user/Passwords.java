package dev.latchkey.user;

import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * User password hashing: Argon2id with the OWASP Password Storage Cheat Sheet's first recommended
 * configuration (19 MiB of memory, 2 iterations, parallelism 1), a 16-byte random salt and a 32-byte
 * hash. Deliberately slow; never used for client secrets or tokens, which are high-entropy. How many hashes
 * run at once is bounded ({@link BoundedPasswordEncoder}).
 */
public final class Passwords {

    public static final int MEMORY_KIB = 19 * 1024;

    public static final int ITERATIONS = 2;

    public static final int PARALLELISM = 1;

    /** The shortest password Latchkey accepts, wherever one is set. */
    public static final int MIN_LENGTH = 8;

    /** The PHC string form Latchkey stores: {@code $argon2id$v=19$m=<KiB>,t=<iterations>,p=<lanes>$<salt>$<hash>}. */
    private static final Pattern STORED_FORM = Pattern
        .compile("\\$argon2id\\$v=19\\$m=(\\d{1,9}),t=(\\d{1,9}),p=(\\d{1,3})\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");

    private Passwords() {
    }

    /** @param concurrency how many hashes may run at once ({@code latchkey.passwords.hashing-concurrency}) */
    public static PasswordEncoder encoder(int concurrency) {
        return new BoundedPasswordEncoder(new Argon2PasswordEncoder(16, 32, PARALLELISM, MEMORY_KIB, ITERATIONS),
                concurrency);
    }

    /**
     * Checks a password hash made elsewhere (by {@code java -jar latchkey.jar hash-password}, or another
     * Argon2id implementation) before it is stored: it must be Argon2id in the stored form, with a salt of at
     * least 8 bytes, a hash of at least 16, and parameters no weaker than Latchkey's own, so that provisioning
     * a hash never lowers the protection a password would have had.
     *
     * @throws InvalidUserException naming the field {@code password_hash}
     */
    public static void requireAcceptableHash(String username, String hash) {
        Matcher form = hash == null ? null : STORED_FORM.matcher(hash);
        if (form == null || !form.matches()) {
            throw new InvalidUserException("password_hash", "password-hash of '" + username
                    + "' must be an Argon2id hash like $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash> "
                    + "(make one with: java -jar latchkey.jar hash-password)");
        }
        long memory = Long.parseLong(form.group(1));
        long iterations = Long.parseLong(form.group(2));
        long parallelism = Long.parseLong(form.group(3));
        if (memory < MEMORY_KIB || iterations < ITERATIONS || parallelism < 1) {
            throw new InvalidUserException("password_hash", "password-hash of '" + username + "' is weaker than "
                    + "Latchkey's own hashes: it needs m >= " + MEMORY_KIB + " and t >= " + ITERATIONS);
        }
        if (decodedLength(form.group(4)) < 8 || decodedLength(form.group(5)) < 16) {
            throw new InvalidUserException("password_hash",
                    "password-hash of '" + username + "' needs a salt of at least 8 bytes and a hash of at least 16");
        }
    }

    private static int decodedLength(String unpaddedBase64) {
        try {
            return Base64.getDecoder().decode(unpaddedBase64).length;
        }
        catch (IllegalArgumentException ex) {
            return 0;
        }
    }
}
