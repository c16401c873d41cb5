package dev.latchkey.user;

import java.util.Collection;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.User;

/**
 * A user as the login form authenticated them: Spring's {@link User} plus the account's stable id, so that a
 * grant made in this sign-in knows its {@code sub} without looking the account up again.
 */
public final class SignedInUser extends User {

    private static final long serialVersionUID = 1L;

    private final String id;

    SignedInUser(String id, String username, String passwordHash, boolean enabled,
            Collection<? extends GrantedAuthority> authorities) {
        super(username, passwordHash, enabled, true, true, true, authorities);
        this.id = id;
    }

    public String id() {
        return id;
    }

    /**
     * The account id of a form sign-in, or {@code null} for any other authentication (and for sessions signed in
     * before the id was kept with them).
     */
    public static String idOf(Authentication authentication) {
        return authentication != null && authentication.getPrincipal() instanceof SignedInUser user ? user.id : null;
    }
}
