package dev.latchkey.signingkey;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Service;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import dev.latchkey.config.LatchkeyProperties;

/**
 * Owns the signing keys: one active key per supported algorithm (RS256, which OpenID Connect requires,
 * and the much cheaper ES256), created on first start; the usable ones are kept in memory and re-read
 * every {@link #RELOAD_INTERVAL} so that every node sees a rotation. Exposed as JWK sources:
 * {@link #publishedKeys()} for the JWKS endpoint and verification, {@link #activeKeys()} for signing.
 */
@Service
public class SigningKeyService implements SmartInitializingSingleton {

    /** The algorithms Latchkey signs with; every one always has an active key. */
    public static final List<JWSAlgorithm> ALGORITHMS = List.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);

    static final Duration RELOAD_INTERVAL = Duration.ofSeconds(60);

    private static final Logger log = LoggerFactory.getLogger(SigningKeyService.class);

    private final SigningKeyRepository repository;

    private final KeyEncryption encryption;

    private volatile Snapshot snapshot = new Snapshot(List.of(), Instant.EPOCH);

    public SigningKeyService(SigningKeyRepository repository, LatchkeyProperties properties) {
        this.repository = repository;
        this.encryption = KeyEncryption.from(properties.getKeyEncryptionKey(), properties.getDataDirectory());
    }

    @Override
    public void afterSingletonsInstantiated() {
        List<SigningKey> existing = reload();
        boolean created = false;
        for (JWSAlgorithm algorithm : ALGORITHMS) {
            if (existing.stream()
                .noneMatch(key -> key.state() == SigningKeyState.ACTIVE && key.algorithm().equals(algorithm.getName()))) {
                SigningKey key = generate(algorithm);
                repository.insert(key, encryption);
                log.info("Created signing key {} ({})", key.kid(), key.algorithm());
                created = true;
            }
        }
        if (created) {
            reload();
        }
    }

    /** Every key that verifies: active and published ones, newest first. */
    public List<SigningKey> usableKeys() {
        Snapshot current = snapshot;
        if (current.loadedAt().plus(RELOAD_INTERVAL).isBefore(Instant.now())) {
            return reload();
        }
        return current.keys();
    }

    /** New active keys; the previous active ones stay published so the tokens they signed still verify. */
    public List<SigningKey> rotate() {
        List<SigningKey> previous = reload();
        List<SigningKey> created = new ArrayList<>();
        for (JWSAlgorithm algorithm : ALGORITHMS) {
            SigningKey key = generate(algorithm);
            repository.insert(key, encryption);
            previous.stream()
                .filter(old -> old.state() == SigningKeyState.ACTIVE && old.algorithm().equals(key.algorithm()))
                .forEach(old -> repository.updateState(old.kid(), SigningKeyState.PUBLISHED, Instant.now()));
            created.add(key);
        }
        log.info("Rotated signing keys: {} now active", created.stream().map(SigningKey::kid).toList());
        reload();
        return created;
    }

    /** Every key as the console lists it, retired ones included, newest first. */
    public List<SigningKeySummary> summaries() {
        return repository.findAllSummaries();
    }

    /** Keys for the JWKS endpoint and for verifying our own tokens (the endpoint publishes public parts only). */
    public JWKSource<SecurityContext> publishedKeys() {
        return (selector, context) -> selector.select(new JWKSet(usableKeys().stream().map(SigningKey::jwk).toList()));
    }

    /** The keys that sign: per algorithm, the newest active one. */
    public JWKSource<SecurityContext> activeKeys() {
        return (selector, context) -> {
            Map<String, JWK> newestActive = new LinkedHashMap<>();
            for (SigningKey key : usableKeys()) {
                if (key.state() == SigningKeyState.ACTIVE) {
                    newestActive.putIfAbsent(key.algorithm(), key.jwk());
                }
            }
            return selector.select(new JWKSet(List.copyOf(newestActive.values())));
        };
    }

    private synchronized List<SigningKey> reload() {
        List<SigningKey> keys = repository.findUsable(encryption);
        snapshot = new Snapshot(keys, Instant.now());
        return keys;
    }

    private static SigningKey generate(JWSAlgorithm algorithm) {
        String kid = UUID.randomUUID().toString();
        try {
            JWK jwk = JWSAlgorithm.ES256.equals(algorithm)
                    ? new ECKeyGenerator(Curve.P_256).keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(algorithm).generate()
                    : new RSAKeyGenerator(2048).keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(algorithm).generate();
            return new SigningKey(kid, algorithm.getName(), SigningKeyState.ACTIVE, jwk, Instant.now());
        }
        catch (JOSEException ex) {
            throw new IllegalStateException("Cannot generate a " + algorithm + " signing key", ex);
        }
    }

    private record Snapshot(List<SigningKey> keys, Instant loadedAt) {
    }
}
