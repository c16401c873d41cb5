package dev.latchkey.admin;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.stereotype.Service;

import dev.latchkey.authorization.GrantRevokedEvent.Cause;
import dev.latchkey.authorization.GrantSelector;
import dev.latchkey.authorization.GrantStore;
import dev.latchkey.consent.JdbcConsentService;
import dev.latchkey.user.UserAccount;
import dev.latchkey.user.UserService;

/**
 * User changes made by operators, each recorded in the audit log. Disabling or deleting a user revokes
 * their grants (so their refresh tokens and access tokens stop working at once) and ends their sign-in
 * sessions; so does a change of the admin role or password, so that it applies at once. Operators cannot
 * disable, demote or delete themselves or the last enabled admin.
 */
@Service
public class UserAdministration {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final UserService users;

    private final GrantStore grants;

    private final JdbcConsentService consents;

    private final FindByIndexNameSessionRepository<?> sessions;

    private final AuditLog audit;

    public UserAdministration(UserService users, GrantStore grants, JdbcConsentService consents,
            FindByIndexNameSessionRepository<?> sessions, AuditLog audit) {
        this.users = users;
        this.grants = grants;
        this.consents = consents;
        this.sessions = sessions;
        this.audit = audit;
    }

    public List<UserAccount> list() {
        return users.findAll();
    }

    public Optional<UserAccount> find(String id) {
        return users.findById(id);
    }

    /**
     * @param password the initial password, or {@code null} to generate one (returned once)
     * @throws dev.latchkey.user.InvalidUserException for a bad username, password or profile
     * @throws dev.latchkey.user.UsernameTakenException when the username is taken
     */
    public UserWithPassword create(String actor, String username, String password, boolean admin,
            UserAccount.Profile profile) {
        String initial = password == null || password.isEmpty() ? generatePassword() : password;
        UserAccount created = users.create(username, initial, true, admin, profile);
        audit.change(actor, "user.created", username, (admin ? "with the admin role" : "without the admin role")
                + profileFields(UserAccount.Profile.NONE, profile).map(fields -> ", profile: " + fields).orElse(""));
        return new UserWithPassword(created, initial.equals(password) ? null : initial);
    }

    /**
     * Replaces the profile (name, email, email verified). The audit entry names the fields that changed,
     * not their values: the log is read more widely than the accounts.
     *
     * @throws dev.latchkey.user.InvalidUserException for a bad name or email
     */
    public Optional<UserAccount> updateProfile(String actor, String id, UserAccount.Profile profile) {
        return users.findById(id).flatMap(user -> {
            Optional<UserAccount> changed = users.updateProfile(id, profile);
            profileFields(user.profile(), profile)
                .ifPresent(fields -> audit.change(actor, "user.profile-changed", user.username(), fields + " changed"));
            return changed;
        });
    }

    public Optional<UserAccount> setEnabled(String actor, String id, boolean enabled) {
        return users.findById(id).flatMap(user -> {
            if (!enabled) {
                refuseLockingOut(actor, user, "disable");
            }
            Optional<UserAccount> changed = users.setEnabled(id, enabled);
            if (!enabled) {
                int revoked = grants.revoke(GrantSelector.byUser(user.username()), Cause.OPERATOR,
                        "the user was disabled by " + actor);
                endSessions(user);
                audit.change(actor, "user.disabled", user.username(), revoked + " grant(s) revoked, sessions ended");
            }
            else {
                audit.change(actor, "user.enabled", user.username(), null);
            }
            return changed;
        });
    }

    public Optional<UserAccount> setAdmin(String actor, String id, boolean admin) {
        return users.findById(id).flatMap(user -> {
            if (!admin) {
                refuseLockingOut(actor, user, "remove the admin role of");
            }
            Optional<UserAccount> changed = users.setAdmin(id, admin);
            endSessions(user);
            audit.change(actor, admin ? "user.admin-granted" : "user.admin-removed", user.username(), "sessions ended");
            return changed;
        });
    }

    /**
     * @param password the new password, or {@code null} to generate one (returned once)
     * @throws dev.latchkey.user.InvalidUserException for a password that is too short
     */
    public Optional<UserWithPassword> resetPassword(String actor, String id, String password) {
        String next = password == null || password.isEmpty() ? generatePassword() : password;
        return users.changePassword(id, next).map(user -> {
            endSessions(user);
            audit.change(actor, "user.password-reset", user.username(), "sessions ended");
            return new UserWithPassword(user, next.equals(password) ? null : next);
        });
    }

    public boolean delete(String actor, String id) {
        Optional<UserAccount> found = users.findById(id);
        if (found.isEmpty()) {
            return false;
        }
        UserAccount user = found.get();
        refuseLockingOut(actor, user, "delete");
        int revoked = grants.revoke(GrantSelector.byUser(user.username()), Cause.OPERATOR,
                "the user was deleted by " + actor);
        consents.removeAllOfPrincipal(user.username());
        endSessions(user);
        users.delete(id);
        audit.change(actor, "user.deleted", user.username(), revoked + " grant(s) revoked");
        return true;
    }

    private void refuseLockingOut(String actor, UserAccount user, String what) {
        if (user.username().equals(actor)) {
            throw new AdministrationRefusedException("You cannot " + what + " your own account: ask another admin");
        }
        if (user.admin() && user.enabled() && users.countEnabledAdmins() <= 1) {
            throw new AdministrationRefusedException("You cannot " + what + " '" + user.username()
                    + "': it is the last enabled admin, and nobody could use the console afterwards");
        }
    }

    private void endSessions(UserAccount user) {
        sessions.findByPrincipalName(user.username()).keySet().forEach(sessions::deleteById);
    }

    private static Optional<String> profileFields(UserAccount.Profile before, UserAccount.Profile after) {
        List<String> fields = new ArrayList<>();
        if (!Objects.equals(before.name(), after.name())) {
            fields.add("name");
        }
        if (!Objects.equals(before.email(), after.email())) {
            fields.add("email");
        }
        if (before.emailVerified() != after.emailVerified()) {
            fields.add("email verified");
        }
        return fields.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", fields));
    }

    private static String generatePassword() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A user with the password that was generated for them, shown once; {@code null} when the operator chose it. */
    public record UserWithPassword(UserAccount user, String generatedPassword) {
    }
}
