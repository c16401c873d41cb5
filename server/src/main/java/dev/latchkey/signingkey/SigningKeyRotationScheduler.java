package dev.latchkey.signingkey;

import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Runs {@link SigningKeyService#rotateAndRetireDue} every {@code latchkey.signing-keys.rotation-check-interval}
 * on each node, on the application's scheduler; the service's conditional updates make sure one rotation
 * happens, however many nodes check.
 */
@Component
class SigningKeyRotationScheduler {

    private static final Logger log = LoggerFactory.getLogger(SigningKeyRotationScheduler.class);

    private final SigningKeyService signingKeys;

    SigningKeyRotationScheduler(SigningKeyService signingKeys) {
        this.signingKeys = signingKeys;
    }

    @Scheduled(initialDelayString = "${latchkey.signing-keys.rotation-check-interval:1h}",
            fixedDelayString = "${latchkey.signing-keys.rotation-check-interval:1h}")
    void check() {
        try {
            signingKeys.rotateAndRetireDue(Instant.now());
        }
        catch (RuntimeException ex) {
            // The next check retries; the current keys keep signing meanwhile.
            log.error("Signing key rotation check failed", ex);
        }
    }
}
