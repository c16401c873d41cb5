package dev.latchkey.signingkey;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

import dev.latchkey.config.LatchkeyProperties;

/**
 * Runs {@link SigningKeyService#rotateAndRetireDue} every {@code latchkey.signing-keys.rotation-check-interval}
 * on each node; the service's conditional updates make sure one rotation happens, however many nodes check.
 */
@Component
class SigningKeyRotationScheduler implements SmartInitializingSingleton, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(SigningKeyRotationScheduler.class);

    private final SigningKeyService signingKeys;

    private final Duration interval;

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "signing-key-rotation");
        thread.setDaemon(true);
        return thread;
    });

    SigningKeyRotationScheduler(SigningKeyService signingKeys, LatchkeyProperties properties) {
        this.signingKeys = signingKeys;
        this.interval = properties.getSigningKeys().getRotationCheckInterval();
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalStateException("latchkey.signing-keys.rotation-check-interval must be positive, not "
                    + interval);
        }
    }

    @Override
    public void afterSingletonsInstantiated() {
        executor.scheduleWithFixedDelay(this::check, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void check() {
        try {
            signingKeys.rotateAndRetireDue(Instant.now());
        }
        catch (RuntimeException ex) {
            // The next check retries; the current keys keep signing meanwhile.
            log.error("Signing key rotation check failed", ex);
        }
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }
}
