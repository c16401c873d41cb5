package dev.latchkey.signingkey;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Service;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import dev.latchkey.config.LatchkeyProperties;

/**
 * Owns the signing keys: creates the first one, keeps the usable ones in memory (re-read every
 * {@link #RELOAD_INTERVAL} so that every node sees a rotation), and exposes them as JWK sources —
 * {@link #publishedKeys()} for the JWKS endpoint and token verification, {@link #activeKeys()} for signing.
 */
@Service
public class SigningKeyService implements SmartInitializingSingleton {

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
        if (reload().stream().noneMatch(key -> key.state() == SigningKeyState.ACTIVE)) {
            SigningKey key = generate();
            repository.insert(key, encryption);
            log.info("Created signing key {} ({})", key.kid(), key.algorithm());
            reload();
        }
    }

    /** Every key that verifies: active and published ones. */
    public List<SigningKey> usableKeys() {
        Snapshot current = snapshot;
        if (current.loadedAt().plus(RELOAD_INTERVAL).isBefore(Instant.now())) {
            return reload();
        }
        return current.keys();
    }

    /** A new active key; the previous active one stays published so tokens it signed still verify. */
    public SigningKey rotate() {
        SigningKey key = generate();
        List<SigningKey> previous = reload();
        repository.insert(key, encryption);
        previous.stream()
            .filter(old -> old.state() == SigningKeyState.ACTIVE && old.algorithm().equals(key.algorithm()))
            .forEach(old -> repository.updateState(old.kid(), SigningKeyState.PUBLISHED, Instant.now()));
        log.info("Rotated signing keys: {} is now active", key.kid());
        reload();
        return key;
    }

    /** Keys for the JWKS endpoint and for verifying our own tokens (private parts never leave: see JWKSet#toPublicJWKSet). */
    public JWKSource<SecurityContext> publishedKeys() {
        return (selector, context) -> selector.select(new JWKSet(usableKeys().stream().map(SigningKey::jwk).toList()));
    }

    /** The one key per algorithm that signs: the newest active one. */
    public JWKSource<SecurityContext> activeKeys() {
        return (selector, context) -> {
            List<JWK> newestActive = usableKeys().stream()
                .filter(key -> key.state() == SigningKeyState.ACTIVE)
                .collect(java.util.stream.Collectors.toMap(SigningKey::algorithm, SigningKey::jwk, (newer, older) -> newer,
                        java.util.LinkedHashMap::new))
                .values()
                .stream()
                .toList();
            return selector.select(new JWKSet(newestActive));
        };
    }

    private synchronized List<SigningKey> reload() {
        List<SigningKey> keys = repository.findUsable(encryption);
        snapshot = new Snapshot(keys, Instant.now());
        return keys;
    }

    private static SigningKey generate() {
        try {
            String kid = UUID.randomUUID().toString();
            JWK jwk = new RSAKeyGenerator(2048).keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256).generate();
            return new SigningKey(kid, JWSAlgorithm.RS256.getName(), SigningKeyState.ACTIVE, jwk, Instant.now());
        }
        catch (JOSEException ex) {
            throw new IllegalStateException("Cannot generate an RSA signing key", ex);
        }
    }

    private record Snapshot(List<SigningKey> keys, Instant loadedAt) {
    }
}
