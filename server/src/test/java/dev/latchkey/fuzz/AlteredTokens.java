package dev.latchkey.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;

/**
 * What an attacker makes of a real token: a JWT re-signed with {@code alg: none}, with a key of their own under
 * the server's {@code kid}, with the other algorithm's {@code kid}, as HS256 keyed with the public key, with its
 * claims swapped for another token's, truncated, with a character flipped, padded; an opaque token cut, flipped,
 * lengthened. None of these is the real token, so each must be refused and change nothing.
 */
final class AlteredTokens {

    /** Keys the server never saw, generated once. */
    private static final RSAKey FOREIGN_RSA = generateRsa();

    private static final ECKey FOREIGN_EC = generateEc();

    private AlteredTokens() {
    }

    /**
     * @param otherKid a {@code kid} the server publishes for the other algorithm
     * @param otherJwt another JWT of the server (its claims are put under this token's signature)
     * @param publishedKey the JSON of a public key the server publishes (an HMAC secret an attacker knows)
     */
    static List<String> of(String token, String otherKid, String otherJwt, String publishedKey) {
        List<String> altered = new ArrayList<>();
        String[] parts = token.split("\\.", -1);
        if (parts.length == 3) {
            String header = decode(parts[0]);
            String kid = between(header, "\"kid\":\"", "\"");
            altered.add(encode("{\"alg\":\"none\",\"kid\":\"" + kid + "\"}") + "." + parts[1] + ".");
            altered.add(encode("{\"alg\":\"none\"}") + "." + parts[1] + "." + parts[2]);
            altered.add(signed(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).build(), parts[1], FOREIGN_RSA));
            altered.add(signed(new JWSHeader.Builder(JWSAlgorithm.RS256).build(), parts[1], FOREIGN_RSA));
            altered.add(signed(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(kid).build(), parts[1], FOREIGN_EC));
            altered.add(encode(header.replace(kid, otherKid)) + "." + parts[1] + "." + parts[2]);
            altered.add(signed(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(kid).build(), parts[1], publishedKey));
            altered.add(parts[0] + "." + otherJwt.split("\\.")[1] + "." + parts[2]);
            altered.add(parts[0] + "." + parts[1]);
            altered.add(parts[0] + "." + parts[1] + ".");
            altered.add(parts[0] + "." + flip(parts[1], parts[1].length() / 2) + "." + parts[2]);
            altered.add(token.replace('-', '+').replace('_', '/') + (token.contains("-") || token.contains("_") ? "" : "="));
        }
        altered.add(token.substring(0, token.length() - 1));
        altered.add(token.substring(0, token.length() / 2));
        altered.add(flip(token, token.length() - 1));
        altered.add(flip(token, 0));
        altered.add(token + "x");
        altered.add(token + token);
        altered.add(token.toUpperCase(Locale.ROOT).equals(token) ? token.toLowerCase(Locale.ROOT)
                : token.toUpperCase(Locale.ROOT));
        altered.add(" " + token);
        altered.add(token + "\u00e9");
        altered.add("");
        return List.copyOf(altered);
    }

    private static String signed(JWSHeader header, String payload, Object key) {
        try {
            JWSObject jws = new JWSObject(header, new Payload(Base64.getUrlDecoder().decode(payload)));
            if (key instanceof RSAKey rsa) {
                jws.sign(new RSASSASigner(rsa));
            }
            else if (key instanceof ECKey ec) {
                jws.sign(new ECDSASigner(ec));
            }
            else {
                // Key confusion: the server's public key, which anyone can read, as an HMAC secret.
                jws.sign(new MACSigner((String) key));
            }
            return jws.serialize();
        }
        catch (JOSEException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static String flip(String text, int index) {
        char c = text.charAt(index);
        char flipped = c == 'A' ? 'B' : 'A';
        return text.substring(0, index) + flipped + text.substring(index + 1);
    }

    private static String decode(String part) {
        return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
    }

    private static String encode(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String between(String text, String start, String end) {
        int from = text.indexOf(start) + start.length();
        return text.substring(from, text.indexOf(end, from));
    }

    private static RSAKey generateRsa() {
        try {
            return new RSAKeyGenerator(2048).generate();
        }
        catch (JOSEException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static ECKey generateEc() {
        try {
            return new ECKeyGenerator(Curve.P_256).generate();
        }
        catch (JOSEException ex) {
            throw new IllegalStateException(ex);
        }
    }

}
