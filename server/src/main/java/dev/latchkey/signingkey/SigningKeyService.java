package dev.latchkey.signingkey;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

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

import dev.latchkey.cluster.StartupLock;
import dev.latchkey.settings.KeySettings;

/**
 * Owns the signing keys: one active key per supported algorithm (RS256, which OpenID Connect requires,
 * and the much cheaper ES256), created on first start. A rotation makes a new active key and leaves the
 * previous one published, so the tokens it signed still verify; once {@code retirement-grace} has passed it
 * is retired and leaves the JWKS. The usable keys are kept in memory and re-read every
 * {@link #RELOAD_INTERVAL} (sooner when a token names a key this node has not seen) so that every node sees
 * a rotation. {@link #publishedKeys()} serves the JWKS endpoint and verification, {@link #activeKeys()} signing.
 */
@Service
public class SigningKeyService implements SmartInitializingSingleton {

    /** The algorithms Latchkey signs with; every one always has an active key. */
    public static final List<JWSAlgorithm> ALGORITHMS = List.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);

    /**
     * How old this node's copy of the keys may get: a key another node created or rotated in is published here
     * (JWKS, discovery) within this bound, the one docs/deployment.md states for every change made on another node.
     */
    static final Duration RELOAD_INTERVAL = Duration.ofSeconds(5);

    /** At most one early re-read per this interval, however many unknown key ids are presented. */
    static final Duration UNKNOWN_KID_RELOAD_INTERVAL = Duration.ofSeconds(1);

    private static final Logger log = LoggerFactory.getLogger(SigningKeyService.class);

    private final SigningKeyRepository repository;

    private final KeyEncryption encryption;

    private final TransactionTemplate transactions;

    private final StartupLock startupLock;

    private final Duration rotationPeriod;

    private final Duration retirementGrace;

    private volatile Snapshot snapshot = new Snapshot(List.of(), Instant.EPOCH);

    public SigningKeyService(SigningKeyRepository repository, KeySettings settings, KeyEncryption encryption,
            TransactionTemplate transactions, StartupLock startupLock) {
        this.repository = repository;
        this.startupLock = startupLock;
        this.encryption = encryption;
        this.transactions = transactions;
        this.rotationPeriod = settings.signingKeys().rotationPeriod();
        this.retirementGrace = settings.signingKeys().retirementGrace();
    }

    /** Creates the keys missing for an algorithm; under the startup lock, so that nodes starting together share them. */
    @Override
    public void afterSingletonsInstantiated() {
        startupLock.holding(() -> {
            List<SigningKey> existing = repository.findUsable(encryption);
            for (JWSAlgorithm algorithm : ALGORITHMS) {
                if (newestActive(existing, algorithm).isEmpty()) {
                    SigningKey key = generate(algorithm);
                    repository.insert(key, encryption);
                    log.info("Created signing key {} ({})", key.kid(), key.algorithm());
                }
            }
        });
        reload();
    }

    /** Every key that verifies: active and published ones, newest first. */
    public List<SigningKey> usableKeys() {
        Snapshot current = snapshot;
        if (current.loadedAt().plus(RELOAD_INTERVAL).isBefore(Instant.now())) {
            return reload();
        }
        return current.keys();
    }

    /**
     * The algorithms without an active key among the keys this node last read, without reading the database (for
     * readiness: {@code ops/SigningKeyHealthIndicator}).
     */
    public List<JWSAlgorithm> algorithmsWithoutActiveKey() {
        List<SigningKey> keys = snapshot.keys();
        return ALGORITHMS.stream().filter(algorithm -> newestActive(keys, algorithm).isEmpty()).toList();
    }

    /** New active keys now (manual rotation); the previous ones stay published so their tokens still verify. */
    public List<SigningKey> rotate() {
        List<SigningKey> current = reload();
        List<SigningKey> created = new ArrayList<>();
        for (JWSAlgorithm algorithm : ALGORITHMS) {
            replace(newestActive(current, algorithm).orElse(null), algorithm).ifPresent(created::add);
        }
        log.info("Rotated signing keys: {} now active", created.stream().map(SigningKey::kid).toList());
        reload();
        return created;
    }

    /** Every key as the console lists it, retired ones included, newest first. */
    public List<SigningKeySummary> summaries() {
        return repository.findAllSummaries();
    }

    /** The keys that sign: per algorithm, the newest active one (so the encoder never has to choose). */
    public JWKSource<SecurityContext> activeKeys() {
        return (selector, context) -> {
            List<SigningKey> keys = usableKeys();
            List<JWK> signing = ALGORITHMS.stream()
                .flatMap(algorithm -> newestActive(keys, algorithm).stream())
                .map(SigningKey::jwk)
                .toList();
            return selector.select(new JWKSet(signing));
        };
    }

    /**
     * The scheduled work, as of {@code now}: replaces active keys older than the rotation period and retires
     * published keys whose grace has passed. Safe to run on every node at once: each change is conditional.
     *
     * @return whether anything changed
     */
    public boolean rotateAndRetireDue(Instant now) {
        List<SigningKey> current = reload();
        boolean changed = false;
        for (JWSAlgorithm algorithm : ALGORITHMS) {
            Optional<SigningKey> active = newestActive(current, algorithm);
            if (active.isPresent() && !active.get().createdAt().plus(rotationPeriod).isAfter(now)) {
                Optional<SigningKey> created = replace(active.get(), algorithm);
                created.ifPresent(key -> log.info("Rotated the {} signing key: {} replaces {}", algorithm,
                        key.kid(), active.get().kid()));
                changed |= created.isPresent();
            }
        }
        for (SigningKey key : current) {
            if (key.state() == SigningKeyState.PUBLISHED && key.publishedAt() != null
                    && !key.publishedAt().plus(retirementGrace).isAfter(now)) {
                repository.retire(key.kid(), now);
                log.info("Retired signing key {} ({}): tokens it signed no longer verify", key.kid(), key.algorithm());
                changed = true;
            }
        }
        if (changed) {
            reload();
        }
        return changed;
    }

    /** Keys for the JWKS endpoint and for verifying our own tokens (the endpoint publishes public parts only). */
    public JWKSource<SecurityContext> publishedKeys() {
        return (selector, context) -> {
            List<JWK> found = selector.select(jwkSet(usableKeys()));
            Snapshot current = snapshot;
            if (found.isEmpty() && selector.getMatcher().getKeyIDs() != null
                    && !selector.getMatcher().getKeyIDs().isEmpty()
                    && current.loadedAt().plus(UNKNOWN_KID_RELOAD_INTERVAL).isBefore(Instant.now())) {
                // Another node may have rotated since this one last looked.
                found = selector.select(jwkSet(reload()));
            }
            return found;
        };
    }

    /**
     * Publishes {@code previous} and inserts its successor in one transaction, so other nodes never see the
     * algorithm without an active key; nothing happens when another node already replaced it.
     */
    private Optional<SigningKey> replace(SigningKey previous, JWSAlgorithm algorithm) {
        SigningKey key = generate(algorithm);
        Boolean replaced = transactions.execute(status -> {
            if (previous != null && !repository.publish(previous.kid(), key.createdAt())) {
                return false;
            }
            repository.insert(key, encryption);
            return true;
        });
        return Boolean.TRUE.equals(replaced) ? Optional.of(key) : Optional.empty();
    }

    private static Optional<SigningKey> newestActive(List<SigningKey> keys, JWSAlgorithm algorithm) {
        return keys.stream()
            .filter(key -> key.state() == SigningKeyState.ACTIVE && key.algorithm().equals(algorithm.getName()))
            .findFirst();
    }

    private static JWKSet jwkSet(List<SigningKey> keys) {
        return new JWKSet(keys.stream().map(SigningKey::jwk).toList());
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
            return new SigningKey(kid, algorithm.getName(), SigningKeyState.ACTIVE, jwk, Instant.now(), null);
        }
        catch (JOSEException ex) {
            throw new IllegalStateException("Cannot generate a " + algorithm + " signing key", ex);
        }
    }

    private record Snapshot(List<SigningKey> keys, Instant loadedAt) {
    }
}
