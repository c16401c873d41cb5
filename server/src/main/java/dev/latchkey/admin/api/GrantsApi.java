package dev.latchkey.admin.api;

import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.latchkey.admin.GrantAdministration;
import dev.latchkey.authorization.Grant;
import dev.latchkey.client.FieldProblem;

/**
 * {@code /admin/api/grants}: live grants (by user, by application) and their revocation, which kills the
 * grant's refresh token and access token at once.
 */
@RestController
@RequestMapping("/admin/api/grants")
class GrantsApi {

    private final GrantAdministration grants;

    GrantsApi(GrantAdministration grants) {
        this.grants = grants;
    }

    @GetMapping
    List<Map<String, Object>> list(@RequestParam(name = "user", required = false) String user,
            @RequestParam(name = "client_id", required = false) String clientId) {
        return grants.list(user, clientId).stream().map(GrantsApi::write).toList();
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> revoke(Principal principal, @PathVariable String id) {
        if (!grants.revoke(ApiActor.of(principal), id)) {
            throw new NotFoundException("no live grant has id '" + id + "'");
        }
        return ResponseEntity.noContent().build();
    }

    /** Revokes every grant of one user or one application: exactly one of the two parameters. */
    @DeleteMapping
    Map<String, Object> revokeAll(Principal principal, @RequestParam(name = "user", required = false) String user,
            @RequestParam(name = "client_id", required = false) String clientId) {
        boolean byUser = user != null && !user.isBlank();
        boolean byClient = clientId != null && !clientId.isBlank();
        if (byUser == byClient) {
            throw new InvalidRequestException(new FieldProblem(byUser ? "client_id" : "user",
                    "name exactly one of user or client_id: whose grants to revoke"));
        }
        int revoked = byUser ? grants.revokeAllOfUser(ApiActor.of(principal), user)
                : grants.revokeAllOfApplication(ApiActor.of(principal), clientId);
        return Map.of("revoked", revoked);
    }

    private static Map<String, Object> write(Grant grant) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", grant.id());
        json.put("client_id", grant.clientId());
        json.put("user", grant.isClientCredentials() ? null : grant.principalName());
        json.put("grant_type", grant.grantType());
        json.put("scope", String.join(" ", new TreeSet<>(grant.scopes())));
        json.put("authorized_at", grant.authorizedAt().toString());
        json.put("expires_at", grant.expiresAt().toString());
        return json;
    }
}
