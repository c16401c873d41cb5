package dev.latchkey.provision;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import dev.latchkey.client.Application;
import dev.latchkey.client.ApplicationService;
import dev.latchkey.client.ClientType;
import dev.latchkey.client.InvalidApplicationException;
import dev.latchkey.config.LatchkeyProperties;
import dev.latchkey.config.LatchkeyProperties.ProvisionedApplication;
import dev.latchkey.config.LatchkeyProperties.ProvisionedUser;
import dev.latchkey.user.UserAccount;
import dev.latchkey.user.UserService;

/**
 * Applies {@code latchkey.provision.*} at every start, idempotently, before the server takes requests:
 * users and applications are created or brought in line with the configuration. In demo mode the seed's
 * world is added; on an empty database with no users at all, an {@code admin} account is created.
 * Generated credentials are printed once to standard output — never to the log.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE)
public class Provisioner implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(Provisioner.class);

    private final LatchkeyProperties properties;

    private final ApplicationService applications;

    private final UserService users;

    public Provisioner(LatchkeyProperties properties, ApplicationService applications, UserService users) {
        this.properties = properties;
        this.applications = applications;
        this.users = users;
    }

    @Override
    public void afterSingletonsInstantiated() {
        List<String> printed = new ArrayList<>();
        List<ProvisionedUser> configuredUsers = new ArrayList<>(properties.getProvision().getUsers());
        List<ProvisionedApplication> configuredApplications = new ArrayList<>(properties.getProvision().getApplications());
        if (properties.isDemo()) {
            DemoWorld.addTo(configuredUsers, configuredApplications, users, applications, printed);
        }
        for (int i = 0; i < configuredUsers.size(); i++) {
            provisionUser(i, configuredUsers.get(i));
        }
        for (int i = 0; i < configuredApplications.size(); i++) {
            provisionApplication(i, configuredApplications.get(i), printed);
        }
        if (users.isEmpty()) {
            String password = DemoWorld.generatePassword();
            users.createOrUpdate("admin", password, true, true);
            printed.add("Admin account created: username 'admin', password '" + password + "'. Sign in at "
                    + properties.getIssuer() + "/login and change it; it is not shown again.");
        }
        if (!printed.isEmpty()) {
            // Standard output, not the log: log lines are shipped and kept, these must not be.
            PrintStream console = System.out;
            console.println();
            console.println("==================== Latchkey: credentials (shown once) ====================");
            printed.forEach(console::println);
            console.println("=============================================================================");
            console.println();
        }
        log.info("Provisioned {} user(s) and {} application(s) from configuration", configuredUsers.size(),
                configuredApplications.size());
    }

    private void provisionUser(int index, ProvisionedUser user) {
        String property = "latchkey.provision.users[" + index + "]";
        refuseUnresolvedPlaceholder(property + ".password", user.getPassword());
        refuseUnresolvedPlaceholder(property + ".password-hash", user.getPasswordHash());
        if (user.getUsername() == null || user.getUsername().isBlank()) {
            throw new ProvisioningException(property + ".username: is required");
        }
        boolean hasPassword = user.getPassword() != null && !user.getPassword().isEmpty();
        boolean hasHash = user.getPasswordHash() != null && !user.getPasswordHash().isEmpty();
        if (hasPassword == hasHash) {
            throw new ProvisioningException(property + ".password: " + (hasPassword
                    ? "give either password or password-hash, not both"
                    : "is required (set it from an environment variable, e.g. password: ${ALICE_PASSWORD}), "
                            + "or give password-hash"));
        }
        UserAccount.Profile profile = new UserAccount.Profile(blankToNull(user.getName()), blankToNull(user.getEmail()),
                user.isEmailVerified());
        try {
            if (hasHash) {
                users.createOrUpdateWithHash(user.getUsername(), user.getPasswordHash(), user.isEnabled(), user.isAdmin(),
                        profile);
            }
            else {
                users.createOrUpdate(user.getUsername(), user.getPassword(), user.isEnabled(), user.isAdmin(), profile);
            }
        }
        catch (IllegalArgumentException ex) {
            throw new ProvisioningException(property + ": " + ex.getMessage());
        }
    }

    private void provisionApplication(int index, ProvisionedApplication configured, List<String> printed) {
        String property = "latchkey.provision.applications[" + index + "]";
        refuseUnresolvedPlaceholder(property + ".secret", configured.getSecret());
        ClientType type;
        try {
            type = ClientType.fromValue(configured.getType());
        }
        catch (IllegalArgumentException ex) {
            throw new ProvisioningException(property + ".type: " + ex.getMessage());
        }
        if (type == ClientType.CONFIDENTIAL && (configured.getSecret() == null || configured.getSecret().isEmpty())) {
            throw new ProvisioningException(property + ".secret: a confidential application needs a secret of at least "
                    + "32 characters (set it from an environment variable)");
        }
        Optional<Application> existing = applications.find(configured.getClientId());
        LatchkeyProperties.Tokens defaults = properties.getTokens();
        Application application = new Application(configured.getClientId(),
                configured.getName() == null ? configured.getClientId() : configured.getName(), type,
                existing.map(Application::secretHash).orElse(null), existing.map(Application::secretCreatedAt).orElse(null),
                new LinkedHashSet<>(configured.getGrantTypes()), configured.getRedirectUris(),
                new LinkedHashSet<>(configured.getScopes()), configured.getAllowedOrigins(),
                configured.isSkipAuthorization(), configured.isAllowPlainPkce(),
                orDefault(configured.getAccessTokenTimeToLive(), defaults.getAccessTokenTimeToLive()),
                orDefault(configured.getRefreshTokenTimeToLive(), defaults.getRefreshTokenTimeToLive()),
                orDefault(configured.getAuthorizationCodeTimeToLive(), defaults.getAuthorizationCodeTimeToLive()),
                configured.getPostLogoutRedirectUris(), configured.getIdTokenSigningAlgorithm());
        try {
            applications.save(application, configured.getSecret());
        }
        catch (InvalidApplicationException ex) {
            throw new ProvisioningException(ex.problems()
                .stream()
                .map(problem -> property + "." + problem.field().replace('_', '-') + ": " + problem.message())
                .reduce((a, b) -> a + "; " + b)
                .orElse(property + ": invalid"));
        }
    }

    /**
     * Spring leaves {@code ${NAME}} as it is when NAME is not set; a password or secret must never
     * silently become that literal text.
     */
    private static void refuseUnresolvedPlaceholder(String property, String value) {
        if (value != null && value.contains("${")) {
            throw new ProvisioningException(property + ": the placeholder in '" + value + "' is not set: define that "
                    + "environment variable (or property) before starting");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static Duration orDefault(Duration configured, Duration fallback) {
        return configured == null ? fallback : configured;
    }
}
