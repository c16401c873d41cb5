package dev.latchkey.admin.api;

import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.latchkey.admin.LockAdministration;
import dev.latchkey.client.FieldProblem;
import dev.latchkey.guard.FailureCounter;
import dev.latchkey.guard.GuardedKind;

/**
 * {@code /admin/api/locks}: what the brute-force guards hold back now (usernames, client addresses,
 * applications) and its release, as on the console's Locks page.
 */
@RestController
@RequestMapping("/admin/api/locks")
class LocksApi {

    private final LockAdministration locks;

    LocksApi(LockAdministration locks) {
        this.locks = locks;
    }

    @GetMapping
    List<Map<String, Object>> list() {
        return locks.heldBack().stream().map(LocksApi::write).toList();
    }

    @DeleteMapping("/{kind}/{key}")
    ResponseEntity<Void> release(Principal principal, @PathVariable String kind, @PathVariable String key) {
        GuardedKind guarded = LockAdministration.kindOf(kind);
        if (guarded == null) {
            throw new InvalidRequestException(new FieldProblem("kind", "must be account, address or client"));
        }
        if (!LockAdministration.isKey(key)) {
            throw new InvalidRequestException(new FieldProblem("key", "must be the key of a lock as GET /admin/api/locks "
                    + "lists it: 64 lowercase hex digits"));
        }
        if (locks.release(ApiActor.of(principal), guarded, key).isEmpty()) {
            throw new NotFoundException("nothing of kind " + kind(guarded) + " with key '" + key + "' is held back");
        }
        return ResponseEntity.noContent().build();
    }

    private static Map<String, Object> write(FailureCounter series) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("kind", kind(series.kind()));
        json.put("key", series.key());
        json.put("name", series.displayName());
        json.put("failures", series.failures());
        json.put("locked", series.locked());
        json.put("held_back_until", series.blockedUntil().toString());
        json.put("first_failure_at", series.firstFailureAt().toString());
        json.put("last_failure_at", series.lastFailureAt().toString());
        return json;
    }

    private static String kind(GuardedKind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }
}
