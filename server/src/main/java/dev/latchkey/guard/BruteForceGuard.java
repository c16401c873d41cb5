package dev.latchkey.guard;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

import dev.latchkey.settings.GuardSettings;
import dev.latchkey.user.UserService;

/**
 * Brute-force guards for passwords and client secrets. Failures are counted in the database, so the limits hold
 * across nodes and restarts ({@link Throttle} says how counts hold attempts back).
 * <p>
 * A sign-in is counted against its name before the password is checked, and forgotten if it succeeds: parallel
 * guesses each count, and a held-back attempt costs no password hash. Names that are no account are counted
 * the same way, so that the answers never tell which names exist. Failures per address are counted after the
 * fact. A client's wrong secret is counted after the fact too; which clients are held back is remembered on each
 * node, so a client's successful authentication reads nothing from the database.
 */
@Service
public class BruteForceGuard {

    private static final Logger log = LoggerFactory.getLogger(BruteForceGuard.class);

    /** Compare-and-set rounds before an attempt on a name this contended is held back rather than let through. */
    private static final int ROUNDS = 8;

    /** How long a node trusts what it remembers of a held-back client before it reads the counter again. */
    private static final Duration RECHECK = Duration.ofSeconds(5);

    private final FailureCounters counters;

    private final GuardKeys keys;

    private final GuardSettings settings;

    private final UserService users;

    private final ApplicationEventPublisher events;

    private final Throttle accounts;

    private final Throttle addresses;

    private final Throttle clients;

    private final Map<String, HeldBackClient> heldBackClients = new ConcurrentHashMap<>();

    BruteForceGuard(FailureCounters counters, GuardKeys keys, GuardSettings settings, UserService users,
            ApplicationEventPublisher events) {
        this.counters = counters;
        this.keys = keys;
        this.settings = settings;
        this.users = users;
        this.events = events;
        this.accounts = new Throttle(settings, settings.accounts());
        this.addresses = new Throttle(settings, settings.addresses());
        this.clients = new Throttle(settings, settings.clients());
    }

    /**
     * Before a password is checked: refused while the name or the address is held back, else counted against the
     * name.
     */
    public Admission admitSignIn(String username, String address) {
        if (!settings.enabled()) {
            return Admission.UNGUARDED;
        }
        Instant now = Instant.now();
        FailureCounter fromAddress = counters.find(GuardedKind.ADDRESS, keys.of(GuardedKind.ADDRESS, address)).orElse(null);
        if (fromAddress != null && fromAddress.isBlocked(now)) {
            return Admission.refused(fromAddress.blockedUntil());
        }
        return count(GuardedKind.ACCOUNT, accounts, username,
                () -> users.find(username).isPresent() ? username : null, now, true);
    }

    /** The password was right: the name's failures are forgotten (the address's are not). */
    public void signInSucceeded(String username) {
        if (settings.enabled()) {
            counters.delete(GuardedKind.ACCOUNT, keys.of(GuardedKind.ACCOUNT, username));
        }
    }

    /** The password was wrong (the name's count already has it): counted against the address. */
    public void signInFailed(String address, Admission admission) {
        if (!settings.enabled()) {
            return;
        }
        if (admission.counted() != null && accounts.justLocked(admission.counted())) {
            announce(admission.counted());
        }
        Admission fromAddress = count(GuardedKind.ADDRESS, addresses, address, () -> address, Instant.now(), false);
        if (fromAddress.counted() != null && addresses.justLocked(fromAddress.counted())) {
            announce(fromAddress.counted());
        }
    }

    /** Before a client's secret is compared: refused while this node knows the client is held back. */
    public Admission admitClient(String clientId) {
        HeldBackClient heldBack = settings.enabled() ? heldBackClients.get(clientId) : null;
        if (heldBack == null) {
            return Admission.UNGUARDED;
        }
        Instant now = Instant.now();
        if (heldBack.checkedAt().plus(RECHECK).isBefore(now)) {
            // Another node may have unlocked it, or held it back longer.
            FailureCounter counter = counters.find(GuardedKind.CLIENT, heldBack.key()).orElse(null);
            heldBack = remember(clientId, heldBack.key(), counter == null ? null : counter.blockedUntil(), now);
        }
        if (heldBack == null || !heldBack.until().isAfter(now)) {
            heldBackClients.remove(clientId);
            return Admission.UNGUARDED;
        }
        return Admission.refused(heldBack.until());
    }

    /**
     * A wrong secret for an existing application: counted. Refused when the client is held back now (another node
     * may have seen the failures); the failure that starts the wait is itself answered as a wrong secret.
     */
    public Admission clientFailed(String clientId) {
        if (!settings.enabled()) {
            return Admission.UNGUARDED;
        }
        Instant now = Instant.now();
        Admission admission = count(GuardedKind.CLIENT, clients, clientId, () -> clientId, now, true);
        String key = keys.of(GuardedKind.CLIENT, clientId);
        if (!admission.allowed()) {
            remember(clientId, key, admission.retryAt(), now);
        }
        else if (admission.counted().blockedUntil() != null) {
            remember(clientId, key, admission.counted().blockedUntil(), now);
            if (clients.justLocked(admission.counted())) {
                announce(admission.counted());
            }
        }
        return admission;
    }

    /** What holds attempts back now, longest-held first (at most {@code limit}). */
    public List<FailureCounter> heldBack(int limit) {
        return counters.findBlocked(Instant.now(), limit);
    }

    /** An operator lifts a wait or lock: the series is forgotten. Returns it, or empty when there was none. */
    public Optional<FailureCounter> release(GuardedKind kind, String key) {
        heldBackClients.values().removeIf(client -> client.key().equals(key));
        Optional<FailureCounter> series = counters.find(kind, key);
        return series.isPresent() && counters.delete(kind, key) ? series : Optional.empty();
    }

    private Admission count(GuardedKind kind, Throttle throttle, String name, Supplier<String> displayName, Instant now,
            boolean refuseWhenHeldBack) {
        String key = keys.of(kind, name);
        for (int round = 0; round < ROUNDS; round++) {
            FailureCounter current = counters.find(kind, key).orElse(null);
            if (refuseWhenHeldBack && current != null && current.isBlocked(now)) {
                return Admission.refused(current.blockedUntil());
            }
            FailureCounter next = throttle.afterFailure(current, kind, key, current == null ? displayName.get() : null,
                    now);
            if (current == null ? counters.insert(next) : counters.replace(current, next)) {
                return Admission.counted(next);
            }
        }
        // Contention this heavy is an attack on one name: hold the attempt back rather than let it through uncounted.
        return Admission.refused(now.plus(settings.firstDelay()));
    }

    private HeldBackClient remember(String clientId, String key, Instant until, Instant now) {
        if (until == null || !until.isAfter(now)) {
            heldBackClients.remove(clientId);
            return null;
        }
        HeldBackClient heldBack = new HeldBackClient(key, until, now);
        heldBackClients.put(clientId, heldBack);
        return heldBack;
    }

    private void announce(FailureCounter counter) {
        log.warn("Locked {} {} after {} failures, until {}", counter.kind().name().toLowerCase(Locale.ROOT),
                counter.displayName() == null ? "(a name that is no account)" : "'" + counter.displayName() + "'",
                counter.failures(), counter.blockedUntil());
        events.publishEvent(new LockedOutEvent(counter.kind(), counter.displayName(), counter.failures(),
                counter.blockedUntil()));
    }

    /** What a node remembers of a held-back client, and when it last read the counter. */
    private record HeldBackClient(String key, Instant until, Instant checkedAt) {
    }
}
