package dev.latchkey.protocol.pkce;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.regex.Pattern;

import dev.latchkey.crypto.Hashes;

/**
 * RFC 7636 (PKCE) rules, with refusals that explain themselves. Latchkey requires PKCE of public
 * clients, defaults to S256 and accepts {@code plain} only from applications explicitly allowed it.
 */
public final class Pkce {

    public static final String S256 = "S256";

    public static final String PLAIN = "plain";

    /** RFC 7636 §4.1: code_verifier = 43*128unreserved. */
    private static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9\\-._~]{43,128}");

    /** RFC 7636 §4.2: an S256 challenge is BASE64URL(SHA256(verifier)) without padding: 43 characters. */
    private static final Pattern S256_CHALLENGE = Pattern.compile("[A-Za-z0-9\\-_]{43}");

    private Pkce() {
    }

    /** BASE64URL-ENCODE(SHA256(ASCII(value))), RFC 7636 §4.2. */
    public static String s256(String value) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Hashes.sha256(value.getBytes(StandardCharsets.US_ASCII)));
    }

    /**
     * Why an authorization request's challenge is refused, or {@code null} when it is acceptable.
     *
     * @param method the code_challenge_method as sent (may be {@code null}: RFC 7636 §4.3 defaults it to plain)
     */
    public static String challengeProblem(String challenge, String method, boolean plainAllowed) {
        if (method == null || method.isEmpty()) {
            if (!plainAllowed) {
                return "code_challenge_method is missing, and without it RFC 7636 section 4.3 means 'plain', which this "
                        + "application is not allowed: send code_challenge_method=S256";
            }
            method = PLAIN;
        }
        if (!S256.equals(method) && S256.equalsIgnoreCase(method)) {
            return "code_challenge_method '" + method + "' is not supported: methods are case-sensitive, use S256";
        }
        if (PLAIN.equals(method)) {
            if (!plainAllowed) {
                return "code_challenge_method 'plain' is not allowed for this application: use S256 (RFC 9700 section 2.1.1)";
            }
            return VERIFIER.matcher(challenge).matches() ? null
                    : "code_challenge must be 43 to 128 characters of A-Z, a-z, 0-9, '-', '.', '_' and '~' "
                            + "(with 'plain' it is the code_verifier itself, RFC 7636 section 4.1)";
        }
        if (!S256.equals(method)) {
            return "code_challenge_method '" + method + "' is not supported: use S256";
        }
        return S256_CHALLENGE.matcher(challenge).matches() ? null
                : "code_challenge must be the base64url encoding, without padding, of the SHA-256 of the "
                        + "code_verifier: exactly 43 characters of A-Z, a-z, 0-9, '-' and '_' (RFC 7636 section 4.2)";
    }

    /**
     * Whether {@code verifier} is the one {@code challenge} was made from (RFC 7636 §4.6). Only S256 is ever
     * stored: a plain challenge is turned into its S256 form when the authorization request arrives.
     */
    public static boolean verifies(String verifier, String challenge, String method) {
        return S256.equals(method) && verifier != null && challenge != null && MessageDigest.isEqual(
                s256(verifier).getBytes(StandardCharsets.US_ASCII), challenge.getBytes(StandardCharsets.US_ASCII));
    }

    /** Why a token request's code_verifier is malformed, or {@code null} when it follows RFC 7636 §4.1. */
    public static String verifierProblem(String verifier) {
        if (verifier == null || verifier.isEmpty()) {
            return "code_verifier is required: send the secret the code_challenge was made from";
        }
        if (VERIFIER.matcher(verifier).matches()) {
            return null;
        }
        return "code_verifier must be 43 to 128 characters of A-Z, a-z, 0-9, '-', '.', '_' and '~' (RFC 7636 section 4.1); "
                + "this one has " + verifier.length() + " character" + (verifier.length() == 1 ? "" : "s")
                + (verifier.length() >= 43 && verifier.length() <= 128 ? " but others than those" : "")
                + ". Generate 32 random bytes and base64url-encode them";
    }
}
