package dev.latchkey.admin.api;

import java.net.URI;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.latchkey.admin.UserAdministration;
import dev.latchkey.admin.UserAdministration.UserWithPassword;
import dev.latchkey.client.FieldProblem;
import dev.latchkey.user.Passwords;
import dev.latchkey.user.UserAccount;

/**
 * {@code /admin/api/users}: create, read, change (enabled, admin role, password, profile: name, email,
 * email_verified) and delete accounts.
 * A password is returned only when Latchkey generated it, once. Disabling or deleting a user revokes their
 * grants and ends their sessions.
 */
@RestController
@RequestMapping("/admin/api/users")
class UsersApi {

    private static final Set<String> CREATE_FIELDS = Set.of("username", "password", "admin", "name", "email",
            "email_verified");

    private static final Set<String> CHANGE_FIELDS = Set.of("enabled", "admin", "password", "name", "email",
            "email_verified");

    private final UserAdministration users;

    UsersApi(UserAdministration users) {
        this.users = users;
    }

    @GetMapping
    List<Map<String, Object>> list() {
        return users.list().stream().map(user -> write(user, null)).toList();
    }

    @GetMapping("/{id}")
    Map<String, Object> get(@PathVariable String id) {
        return write(users.find(id).orElseThrow(() -> notFound(id)), null);
    }

    @PostMapping
    ResponseEntity<Map<String, Object>> create(Principal principal, @RequestBody Map<String, Object> body) {
        refuseUnknownFields(body, CREATE_FIELDS);
        UserWithPassword created = users.create(ApiActor.of(principal), string(body, "username"),
                string(body, "password"), bool(body, "admin", false), profile(body, UserAccount.Profile.NONE));
        return ResponseEntity.created(URI.create("/admin/api/users/" + created.user().id()))
            .body(write(created.user(), created.generatedPassword()));
    }

    @PatchMapping("/{id}")
    Map<String, Object> change(Principal principal, @PathVariable String id, @RequestBody Map<String, Object> body) {
        UserAccount current = users.find(id).orElseThrow(() -> notFound(id));
        refuseUnknownFields(body, CHANGE_FIELDS);
        String actor = ApiActor.of(principal);
        if (body.containsKey("name") || body.containsKey("email") || body.containsKey("email_verified")) {
            users.updateProfile(actor, id, profile(body, current.profile()));
        }
        if (body.containsKey("password")) {
            String password = string(body, "password");
            if (password == null) {
                throw new InvalidRequestException(new FieldProblem("password",
                        "must be a string of at least " + Passwords.MIN_LENGTH + " characters"));
            }
            users.resetPassword(actor, id, password);
        }
        if (body.containsKey("enabled")) {
            users.setEnabled(actor, id, bool(body, "enabled", true));
        }
        if (body.containsKey("admin")) {
            users.setAdmin(actor, id, bool(body, "admin", false));
        }
        return write(users.find(id).orElseThrow(() -> notFound(id)), null);
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(Principal principal, @PathVariable String id) {
        if (!users.delete(ApiActor.of(principal), id)) {
            throw notFound(id);
        }
        return ResponseEntity.noContent().build();
    }

    private static Map<String, Object> write(UserAccount user, String generatedPassword) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", user.id());
        json.put("username", user.username());
        json.put("enabled", user.enabled());
        json.put("admin", user.admin());
        json.put("name", user.name());
        json.put("email", user.email());
        json.put("email_verified", user.emailVerified());
        if (generatedPassword != null) {
            json.put("password", generatedPassword);
        }
        return json;
    }

    /** The profile in {@code body}: an absent field keeps its {@code current} value, {@code null} clears it. */
    private static UserAccount.Profile profile(Map<String, Object> body, UserAccount.Profile current) {
        String name = body.containsKey("name") ? string(body, "name") : current.name();
        String email = body.containsKey("email") ? string(body, "email") : current.email();
        return new UserAccount.Profile(name == null || name.isBlank() ? null : name.strip(),
                email == null || email.isBlank() ? null : email.strip(),
                bool(body, "email_verified", current.emailVerified()));
    }

    private static void refuseUnknownFields(Map<String, Object> body, Set<String> fields) {
        List<FieldProblem> problems = body.keySet()
            .stream()
            .filter(field -> !fields.contains(field))
            .map(field -> new FieldProblem(field, "is not accepted here: use " + String.join(", ", fields)))
            .toList();
        if (!problems.isEmpty()) {
            throw new InvalidRequestException("invalid_request", problems);
        }
    }

    private static String string(Map<String, Object> body, String field) {
        Object value = body.get(field);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        throw new InvalidRequestException(new FieldProblem(field, "must be a string"));
    }

    private static boolean bool(Map<String, Object> body, String field, boolean fallback) {
        Object value = body.get(field);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Boolean flag) {
            return flag;
        }
        throw new InvalidRequestException(new FieldProblem(field, "must be true or false"));
    }

    private static NotFoundException notFound(String id) {
        return new NotFoundException("no user has id '" + id + "'");
    }
}
