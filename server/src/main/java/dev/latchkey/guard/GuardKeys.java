package dev.latchkey.guard;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.stereotype.Component;

import dev.latchkey.signingkey.KeyEncryption;

/**
 * The key a counter is stored under: HMAC-SHA256 of the kind and the name, with a key derived from the
 * key-encryption key. Every node computes the same key for a name; the database alone reveals no name, so a
 * password typed into the username field cannot be recovered from it.
 */
@Component
class GuardKeys {

    private final SecretKeySpec key;

    GuardKeys(KeyEncryption keyEncryption) {
        this.key = new SecretKeySpec(keyEncryption.derivedKey("latchkey brute-force guard counters"), "HmacSHA256");
    }

    String of(GuardedKind kind, String name) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal((kind.name() + '\0' + name).getBytes(StandardCharsets.UTF_8)));
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException("HmacSHA256 is required by every Java platform", ex);
        }
    }
}
