package dev.latchkey.protocol.dpop;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Server nonces for DPoP proofs (RFC 9449 §8, §9), kept nowhere: a nonce is the number of a time window and a
 * MAC of it under a key every node derives from the key-encryption key, so any node accepts what any other
 * issued, and a nonce cannot be made in advance for a window to come. A nonce is accepted in its own window
 * and the next one: for {@value #WINDOW_SECONDS} to twice as many seconds.
 */
public final class DPoPNonces {

    /** The length of a window; every response to a DPoP request carries the current window's nonce. */
    static final long WINDOW_SECONDS = 300;

    private static final int MAC_BYTES = 16;

    private final SecretKeySpec key;

    private final Clock clock;

    public DPoPNonces(byte[] key, Clock clock) {
        this.key = new SecretKeySpec(key, "HmacSHA256");
        this.clock = clock;
    }

    /** The nonce to give clients now. */
    public String current() {
        return nonce(window());
    }

    /** Whether {@code nonce} is one this server issued in the current or the previous window. */
    public boolean isCurrent(String nonce) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(nonce);
        }
        catch (IllegalArgumentException ex) {
            return false;
        }
        if (bytes.length != Long.BYTES + MAC_BYTES) {
            return false;
        }
        long window = ByteBuffer.wrap(bytes).getLong();
        long now = window();
        return (window == now || window == now - 1)
                && MessageDigest.isEqual(Arrays.copyOfRange(bytes, Long.BYTES, bytes.length), mac(window));
    }

    private long window() {
        return clock.instant().getEpochSecond() / WINDOW_SECONDS;
    }

    private String nonce(long window) {
        return Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(ByteBuffer.allocate(Long.BYTES + MAC_BYTES).putLong(window).put(mac(window)).array());
    }

    private byte[] mac(long window) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return Arrays.copyOf(mac.doFinal(ByteBuffer.allocate(Long.BYTES).putLong(window).array()), MAC_BYTES);
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException("Cannot make a DPoP nonce", ex);
        }
    }
}
