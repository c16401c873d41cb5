package dev.latchkey.ops;

import java.util.List;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import com.nimbusds.jose.JWSAlgorithm;

import dev.latchkey.signingkey.SigningKeyService;

/**
 * Readiness's signing key check ({@code signingKey}): every algorithm Latchkey signs with has an active key among
 * the keys this node holds. Reads no database (the {@code database} check does), so it answers at once.
 */
@Component
public class SigningKeyHealthIndicator implements HealthIndicator {

    private final SigningKeyService signingKeys;

    public SigningKeyHealthIndicator(SigningKeyService signingKeys) {
        this.signingKeys = signingKeys;
    }

    @Override
    public Health health() {
        List<JWSAlgorithm> missing = signingKeys.algorithmsWithoutActiveKey();
        if (missing.isEmpty()) {
            return Health.up().build();
        }
        return Health.down().withDetail("error", "no active signing key for " + missing).build();
    }
}
