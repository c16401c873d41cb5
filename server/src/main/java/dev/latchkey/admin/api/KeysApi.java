package dev.latchkey.admin.api;

import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.latchkey.admin.KeyAdministration;
import dev.latchkey.signingkey.SigningKeySummary;

/** {@code /admin/api/keys}: the signing keys (never their private parts) and rotation now. */
@RestController
@RequestMapping("/admin/api/keys")
class KeysApi {

    private final KeyAdministration keys;

    KeysApi(KeyAdministration keys) {
        this.keys = keys;
    }

    @GetMapping
    List<Map<String, Object>> list() {
        return keys.list().stream().map(KeysApi::write).toList();
    }

    /** Answers the keys that became active; the previous ones stay published. */
    @PostMapping("/rotate")
    @ResponseStatus(HttpStatus.CREATED)
    List<Map<String, Object>> rotate(Principal principal) {
        return keys.rotate(ApiActor.of(principal)).stream().map(KeysApi::write).toList();
    }

    private static Map<String, Object> write(SigningKeySummary key) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("kid", key.kid());
        json.put("alg", key.algorithm());
        json.put("state", key.state().value());
        json.put("created_at", key.createdAt().toString());
        json.put("retired_at", key.retiredAt() == null ? null : key.retiredAt().toString());
        return json;
    }
}
