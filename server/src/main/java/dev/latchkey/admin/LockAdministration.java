package dev.latchkey.admin;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.stereotype.Service;

import dev.latchkey.guard.BruteForceGuard;
import dev.latchkey.guard.FailureCounter;
import dev.latchkey.guard.GuardedKind;

/** What the brute-force guard holds back, as operators see it, and its release, recorded in the audit log. */
@Service
public class LockAdministration {

    /** More than a console page should list; the oldest waits past this are not shown. */
    private static final int SHOWN = 500;

    private final BruteForceGuard guard;

    private final AuditLog audit;

    public LockAdministration(BruteForceGuard guard, AuditLog audit) {
        this.guard = guard;
        this.audit = audit;
    }

    /** Account names, addresses and clients held back now, by a lock or a wait, longest-held first. */
    public List<FailureCounter> heldBack() {
        return guard.heldBack(SHOWN);
    }

    /** The usernames of accounts locked now. */
    public Set<String> lockedUsernames() {
        return heldBack().stream()
            .filter(counter -> counter.kind() == GuardedKind.ACCOUNT && counter.locked() && counter.displayName() != null)
            .map(FailureCounter::displayName)
            .collect(Collectors.toSet());
    }

    /**
     * Forgets the failed attempts of one series, so that it holds nothing back any more.
     *
     * @return the series released, empty when there was none (it may have been released or forgotten meanwhile)
     */
    public Optional<FailureCounter> release(String actor, GuardedKind kind, String key) {
        Optional<FailureCounter> released = guard.release(kind, key);
        released.ifPresent(series -> audit.change(actor, kind.name().toLowerCase(Locale.ROOT) + ".released",
                series.displayName(), "failed attempts forgotten: sign-ins or client authentications go ahead again"));
        return released;
    }

    /** The kind a console form or an API path names ({@code ACCOUNT}, {@code account}, ...), else {@code null}. */
    public static GuardedKind kindOf(String name) {
        for (GuardedKind kind : GuardedKind.values()) {
            if (kind.name().equalsIgnoreCase(name)) {
                return kind;
            }
        }
        return null;
    }

    /** Whether this can be a series' key: the hex of a keyed SHA-256, as {@link #heldBack} lists them. */
    public static boolean isKey(String key) {
        return key != null && key.matches("[0-9a-f]{64}");
    }
}
