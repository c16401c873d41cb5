package dev.latchkey.client;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Registers, changes and looks up applications. Lookups are cached in memory for a short time so the
 * token path does no avoidable database read; every change on this node evicts at once, other nodes
 * see it within {@link #CACHE_TTL}.
 */
@Service
public class ApplicationService {

    /** The bound docs/deployment.md states for a change made on one node to take effect on every other. */
    public static final Duration CACHE_TTL = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(ApplicationService.class);

    private final ApplicationRepository repository;

    private final Cache<String, Optional<Application>> cache = Caffeine.newBuilder()
        .maximumSize(10_000)
        .expireAfterWrite(CACHE_TTL)
        .build();

    private final ApplicationEventPublisher events;

    public ApplicationService(ApplicationRepository repository, ApplicationEventPublisher events) {
        this.repository = repository;
        this.events = events;
    }

    public Optional<Application> find(String clientId) {
        if (clientId == null) {
            return Optional.empty();
        }
        return cache.get(clientId, repository::findByClientId);
    }

    public List<Application> findAll() {
        return repository.findAll();
    }

    /**
     * Creates or replaces an application. A confidential application without a provided secret and
     * without a stored one gets a generated secret, returned here and never again.
     *
     * @param providedSecret an operator-provided secret (provisioning), or {@code null}
     * @throws InvalidApplicationException listing every invalid field; nothing is saved then
     */
    public SavedApplication save(Application app, String providedSecret) {
        List<FieldProblem> problems = ApplicationValidator.validate(app, providedSecret);
        if (!problems.isEmpty()) {
            throw new InvalidApplicationException(problems);
        }
        String issuedSecret = null;
        Application toStore = app;
        if (app.isPublic()) {
            toStore = app.withSecretHash(null, null);
        }
        else if (providedSecret != null) {
            if (app.secretHash() == null || !ClientSecrets.hash(providedSecret).equals(app.secretHash())) {
                toStore = app.withSecretHash(ClientSecrets.hash(providedSecret), Instant.now());
            }
        }
        else if (app.secretHash() == null) {
            issuedSecret = ClientSecrets.generate();
            toStore = app.withSecretHash(ClientSecrets.hash(issuedSecret), Instant.now());
        }
        repository.save(toStore);
        changed(toStore.clientId());
        return new SavedApplication(toStore, issuedSecret);
    }

    /**
     * Registers a new application; a confidential one gets a generated secret, returned here and never again.
     *
     * @throws InvalidApplicationException listing every invalid field
     * @throws ApplicationExistsException when the client id is taken
     */
    public SavedApplication create(Application app) {
        Application fresh = app.withSecretHash(null, null);
        List<FieldProblem> problems = ApplicationValidator.validate(fresh, null);
        if (!problems.isEmpty()) {
            throw new InvalidApplicationException(problems);
        }
        String issuedSecret = fresh.isPublic() ? null : ClientSecrets.generate();
        Application toStore = issuedSecret == null ? fresh
                : fresh.withSecretHash(ClientSecrets.hash(issuedSecret), Instant.now());
        try {
            repository.insert(toStore);
        }
        catch (DuplicateKeyException ex) {
            throw new ApplicationExistsException(app.clientId());
        }
        changed(toStore.clientId());
        return new SavedApplication(toStore, issuedSecret);
    }

    /** Replaces a confidential application's secret with a generated one; the old one stops working at once. */
    public Optional<SavedApplication> rotateSecret(String clientId) {
        return repository.findByClientId(clientId).filter(app -> !app.isPublic()).map(app -> {
            String secret = ClientSecrets.generate();
            Application rotated = app.withSecretHash(ClientSecrets.hash(secret), Instant.now());
            repository.save(rotated);
            changed(clientId);
            log.info("Rotated the secret of application '{}'", clientId);
            return new SavedApplication(rotated, secret);
        });
    }

    public boolean delete(String clientId) {
        boolean deleted = repository.delete(clientId);
        changed(clientId);
        return deleted;
    }

    /** Every scope some application may request, sorted: discovery's scopes_supported beside OpenID Connect's. */
    public Set<String> allScopes() {
        return repository.findAll().stream().flatMap(app -> app.scopes().stream()).collect(Collectors.toCollection(TreeSet::new));
    }

    public boolean anyAllowsPlainPkce() {
        return repository.anyAllowsPlainPkce();
    }

    private void changed(String clientId) {
        cache.invalidate(clientId);
        events.publishEvent(new ApplicationChangedEvent(clientId));
    }

    /** An application as saved, with the clear secret when one was just generated (shown once). */
    public record SavedApplication(Application application, String issuedSecret) {
    }
}
