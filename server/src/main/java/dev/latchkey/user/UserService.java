package dev.latchkey.user;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/** Creates and changes user accounts, and loads them for the login form. */
@Service
public class UserService implements UserDetailsService {

    /** Authority of accounts that may use the admin console. */
    public static final String ADMIN_AUTHORITY = "ROLE_ADMIN";

    private final UserRepository repository;

    private final PasswordEncoder passwordEncoder = Passwords.encoder();

    public UserService(UserRepository repository) {
        this.repository = repository;
    }

    public PasswordEncoder passwordEncoder() {
        return passwordEncoder;
    }

    public Optional<UserAccount> find(String username) {
        return repository.findByUsername(username);
    }

    public List<UserAccount> findAll() {
        return repository.findAll();
    }

    public boolean isEmpty() {
        return repository.count() == 0;
    }

    /** Creates the user, or updates the existing one with that username (password, flags). */
    public UserAccount createOrUpdate(String username, String password, boolean enabled, boolean admin) {
        validate(username, password);
        Optional<UserAccount> existing = repository.findByUsername(username);
        if (existing.isPresent()) {
            UserAccount current = existing.get();
            String hash = passwordEncoder.matches(password, current.passwordHash()) ? current.passwordHash()
                    : passwordEncoder.encode(password);
            UserAccount updated = new UserAccount(current.id(), username, hash, enabled, admin);
            repository.update(updated);
            return updated;
        }
        UserAccount created = new UserAccount(UUID.randomUUID().toString(), username, passwordEncoder.encode(password),
                enabled, admin);
        repository.insert(created);
        return created;
    }

    private static void validate(String username, String password) {
        if (username == null || username.isBlank() || username.length() > 150 || !username.equals(username.strip())) {
            throw new IllegalArgumentException("username must be 1 to 150 characters without leading or trailing spaces");
        }
        if (password == null || password.length() < 8) {
            throw new IllegalArgumentException("password of '" + username + "' must be at least 8 characters");
        }
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        UserAccount user = repository.findByUsername(username)
            .orElseThrow(() -> new UsernameNotFoundException("no such user"));
        return User.withUsername(user.username())
            .password(user.passwordHash())
            .disabled(!user.enabled())
            .authorities(user.admin() ? AuthorityUtils.createAuthorityList("ROLE_USER", ADMIN_AUTHORITY)
                    : AuthorityUtils.createAuthorityList("ROLE_USER"))
            .build();
    }
}
