package dev.latchkey.user;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

import dev.latchkey.settings.PasswordSettings;

/** Creates and changes user accounts, and loads them for the login form. */
@Service
public class UserService implements UserDetailsService {

    /** Authority of accounts that may use the admin console. */
    public static final String ADMIN_AUTHORITY = "ROLE_ADMIN";

    private final UserRepository repository;

    private final PasswordEncoder passwordEncoder;

    public UserService(UserRepository repository, PasswordSettings passwords) {
        this.repository = repository;
        this.passwordEncoder = Passwords.encoder(passwords.effectiveHashingConcurrency());
    }

    public PasswordEncoder passwordEncoder() {
        return passwordEncoder;
    }

    public Optional<UserAccount> find(String username) {
        return repository.findByUsername(username);
    }

    /** By the stable id, the {@code sub} of ID tokens. */
    public Optional<UserAccount> findById(String id) {
        return repository.findById(id);
    }

    public List<UserAccount> findAll() {
        return repository.findAll();
    }

    public boolean isEmpty() {
        return repository.count() == 0;
    }

    /** Creates the user, or updates the existing one with that username (password, flags); no profile. */
    public UserAccount createOrUpdate(String username, String password, boolean enabled, boolean admin) {
        return createOrUpdate(username, password, enabled, admin, UserAccount.Profile.NONE);
    }

    /**
     * Creates the user, or updates the existing one with that username (password, flags, profile). An
     * update that changes nothing writes nothing, so {@code updated_at} (a profile claim) stays true.
     */
    public UserAccount createOrUpdate(String username, String password, boolean enabled, boolean admin,
            UserAccount.Profile profile) {
        UserRules.checkUsername(username);
        UserRules.checkPassword(username, password);
        UserRules.checkProfile(username, profile);
        return upsert(username, current -> current != null && passwordEncoder.matches(password, current) ? current
                : passwordEncoder.encode(password), enabled, admin, profile);
    }

    /**
     * Like {@link #createOrUpdate(String, String, boolean, boolean, UserAccount.Profile)}, with the password
     * given as its Argon2id hash (see {@link Passwords#requireAcceptableHash}). Nothing is hashed here, so a
     * start that provisions users this way costs no password hash.
     *
     * @throws InvalidUserException when the username, hash or profile breaks a rule
     */
    public UserAccount createOrUpdateWithHash(String username, String passwordHash, boolean enabled, boolean admin,
            UserAccount.Profile profile) {
        UserRules.checkUsername(username);
        Passwords.requireAcceptableHash(username, passwordHash);
        UserRules.checkProfile(username, profile);
        return upsert(username, current -> passwordHash, enabled, admin, profile);
    }

    /** @param hashFor the hash to store, given the stored one ({@code null} for a new user) */
    private UserAccount upsert(String username, UnaryOperator<String> hashFor, boolean enabled, boolean admin,
            UserAccount.Profile profile) {
        Optional<UserAccount> existing = repository.findByUsername(username);
        if (existing.isPresent()) {
            UserAccount current = existing.get();
            UserAccount updated = new UserAccount(current.id(), username, hashFor.apply(current.passwordHash()), enabled,
                    admin, profile.name(), profile.email(), profile.emailVerified(), current.updatedAt());
            if (!updated.equals(current)) {
                repository.update(updated);
            }
            return updated;
        }
        return insertNew(username, hashFor.apply(null), enabled, admin, profile);
    }

    /**
     * Creates a new account; unlike {@link #createOrUpdate} it never changes an existing one.
     *
     * @throws UsernameTakenException when another account has this username
     * @throws InvalidUserException when the username or password breaks a rule
     */
    public UserAccount create(String username, String password, boolean enabled, boolean admin) {
        return create(username, password, enabled, admin, UserAccount.Profile.NONE);
    }

    /**
     * Creates a new account with a profile; unlike {@link #createOrUpdate} it never changes an existing one.
     *
     * @throws UsernameTakenException when another account has this username
     * @throws InvalidUserException when the username, password or profile breaks a rule
     */
    public UserAccount create(String username, String password, boolean enabled, boolean admin,
            UserAccount.Profile profile) {
        UserRules.checkUsername(username);
        UserRules.checkPassword(username, password);
        UserRules.checkProfile(username, profile);
        if (repository.findByUsername(username).isPresent()) {
            // Refused before the slow hash: a taken username costs no hashing time (an easy way to load the server).
            throw new UsernameTakenException(username);
        }
        try {
            return insertNew(username, passwordEncoder.encode(password), enabled, admin, profile);
        }
        catch (DuplicateKeyException ex) {
            // The username's unique constraint decides, also when two requests race to create it.
            throw new UsernameTakenException(username);
        }
    }

    private UserAccount insertNew(String username, String passwordHash, boolean enabled, boolean admin,
            UserAccount.Profile profile) {
        UserAccount created = new UserAccount(UUID.randomUUID().toString(), username, passwordHash, enabled, admin,
                profile.name(), profile.email(), profile.emailVerified(), Instant.now());
        repository.insert(created);
        return created;
    }

    /** Sets whether the account may sign in; the caller ends its grants and sessions when disabling. */
    public Optional<UserAccount> setEnabled(String id, boolean enabled) {
        return change(id, user -> new UserAccount(user.id(), user.username(), user.passwordHash(), enabled, user.admin(),
                user.name(), user.email(), user.emailVerified(), user.updatedAt()));
    }

    public Optional<UserAccount> setAdmin(String id, boolean admin) {
        return change(id, user -> new UserAccount(user.id(), user.username(), user.passwordHash(), user.enabled(), admin,
                user.name(), user.email(), user.emailVerified(), user.updatedAt()));
    }

    /**
     * Replaces the profile (name, email, email verified). A change moves {@code updated_at}, the profile
     * claim that tells relying parties to refresh what they cached; an unchanged profile writes nothing.
     *
     * @throws InvalidUserException when the profile breaks a rule
     */
    public Optional<UserAccount> updateProfile(String id, UserAccount.Profile profile) {
        return repository.findById(id).map(user -> {
            UserRules.checkProfile(user.username(), profile);
            if (user.profile().equals(profile)) {
                return user;
            }
            UserAccount changed = new UserAccount(user.id(), user.username(), user.passwordHash(), user.enabled(),
                    user.admin(), profile.name(), profile.email(), profile.emailVerified(), Instant.now());
            repository.update(changed);
            return changed;
        });
    }

    /** @throws InvalidUserException when the password is too short */
    public Optional<UserAccount> changePassword(String id, String password) {
        return repository.findById(id).map(user -> {
            UserRules.checkPassword(user.username(), password);
            UserAccount changed = new UserAccount(user.id(), user.username(), passwordEncoder.encode(password),
                    user.enabled(), user.admin(), user.name(), user.email(), user.emailVerified(), user.updatedAt());
            repository.update(changed);
            return changed;
        });
    }

    public boolean delete(String id) {
        return repository.delete(id);
    }

    /** Accounts that can use the admin console now; operators must not remove the last one. */
    public long countEnabledAdmins() {
        return repository.countEnabledAdmins();
    }

    private Optional<UserAccount> change(String id, UnaryOperator<UserAccount> change) {
        return repository.findById(id).map(user -> {
            UserAccount changed = change.apply(user);
            repository.update(changed);
            return changed;
        });
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        UserAccount user = repository.findByUsername(username)
            .orElseThrow(() -> new UsernameNotFoundException("no such user"));
        return new SignedInUser(user.id(), user.username(), user.passwordHash(), user.enabled(),
                user.admin() ? AuthorityUtils.createAuthorityList("ROLE_USER", ADMIN_AUTHORITY)
                        : AuthorityUtils.createAuthorityList("ROLE_USER"));
    }
}
