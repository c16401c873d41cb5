package dev.latchkey.admin;

import java.util.List;

import org.springframework.stereotype.Service;

import dev.latchkey.signingkey.SigningKey;
import dev.latchkey.signingkey.SigningKeyService;
import dev.latchkey.signingkey.SigningKeySummary;

/** Signing keys as operators see them, and rotation on demand, recorded in the audit log. */
@Service
public class KeyAdministration {

    private final SigningKeyService keys;

    private final AuditLog audit;

    public KeyAdministration(SigningKeyService keys, AuditLog audit) {
        this.keys = keys;
        this.audit = audit;
    }

    public List<SigningKeySummary> list() {
        return keys.summaries();
    }

    /** New active keys; the previous ones stay published, so tokens they signed still verify. */
    public List<SigningKeySummary> rotate(String actor) {
        List<String> created = keys.rotate().stream().map(SigningKey::kid).toList();
        audit.change(actor, "signing-keys.rotated", null, "now active: " + String.join(", ", created));
        return keys.summaries().stream().filter(key -> created.contains(key.kid())).toList();
    }
}
