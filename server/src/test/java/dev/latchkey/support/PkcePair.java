package dev.latchkey.support;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/** A code_verifier and its S256 code_challenge, computed independently of the server's code. */
public record PkcePair(String verifier, String challenge) {

    private static final SecureRandom RANDOM = new SecureRandom();

    public static PkcePair generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return of(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    public static PkcePair of(String verifier) {
        return new PkcePair(verifier, s256(verifier));
    }

    public static String s256(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** Hex SHA-256, the at-rest form of codes and tokens, to find them in the database. */
    public static String sha256Hex(String value) {
        try {
            return java.util.HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
