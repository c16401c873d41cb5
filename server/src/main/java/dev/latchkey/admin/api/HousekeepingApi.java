package dev.latchkey.admin.api;

import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.latchkey.ops.Housekeeping;
import dev.latchkey.ops.PurgeResult;

/**
 * {@code POST /admin/api/housekeeping}: a housekeeping run now, as the console's Doctor page and
 * {@code latchkey purge} start it: 200 with the rows purged per table, or 409 {@code conflict} while another run
 * holds the lease.
 */
@RestController
class HousekeepingApi {

    private final Housekeeping housekeeping;

    HousekeepingApi(Housekeeping housekeeping) {
        this.housekeeping = housekeeping;
    }

    @PostMapping("/admin/api/housekeeping")
    ResponseEntity<Map<String, Object>> purge(Principal principal) {
        PurgeResult result = housekeeping.purgeFor(ApiActor.of(principal));
        Map<String, Object> body = new LinkedHashMap<>();
        if (!result.ran()) {
            body.put("error", "conflict");
            body.put("error_description", result.summary());
            return ResponseEntity.status(HttpStatus.CONFLICT).body(body);
        }
        body.put("purged", result.purged());
        return ResponseEntity.ok(body);
    }
}
