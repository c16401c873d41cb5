package dev.latchkey.provision;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

import dev.latchkey.client.Application;
import dev.latchkey.client.ApplicationValidator;
import dev.latchkey.client.ClientType;
import dev.latchkey.client.FieldProblem;
import dev.latchkey.settings.ProvisioningSettings.ProvisionedApplication;
import dev.latchkey.settings.ProvisioningSettings.ProvisionedUser;
import dev.latchkey.settings.Rules;
import dev.latchkey.settings.TokenSettings;
import dev.latchkey.user.Passwords;
import dev.latchkey.user.UserAccount;
import dev.latchkey.user.UserRules;

/**
 * Provisioning entries checked, and turned into what the user and application services save: the same
 * rules before the server starts ({@link ProvisioningPreflight}) and when they are applied
 * ({@link Provisioner}). Every refusal names the entry's property.
 */
final class ProvisioningEntries {

    private ProvisioningEntries() {
    }

    static String userProperty(int index) {
        return "latchkey.provision.users[" + index + "]";
    }

    static String applicationProperty(int index) {
        return "latchkey.provision.applications[" + index + "]";
    }

    /** @throws ProvisioningException when the entry breaks a rule the account would be refused for */
    static void checkUser(int index, ProvisionedUser user) {
        String property = userProperty(index);
        refuseUnresolvedPlaceholder(property + ".password", user.password());
        refuseUnresolvedPlaceholder(property + ".password-hash", user.passwordHash());
        if (user.username() == null || user.username().isBlank()) {
            throw new ProvisioningException(property + ".username: is required");
        }
        if (hasPassword(user) == hasPasswordHash(user)) {
            throw new ProvisioningException(property + ".password: " + (hasPassword(user)
                    ? "give either password or password-hash, not both"
                    : "is required (set it from an environment variable, e.g. password: ${ALICE_PASSWORD}), "
                            + "or give password-hash"));
        }
        try {
            UserRules.checkUsername(user.username());
            if (hasPassword(user)) {
                UserRules.checkPassword(user.username(), user.password());
            }
            else {
                Passwords.requireAcceptableHash(user.username(), user.passwordHash());
            }
            UserRules.checkProfile(user.username(), profile(user));
        }
        catch (IllegalArgumentException ex) {
            throw new ProvisioningException(property + ": " + ex.getMessage());
        }
    }

    static boolean hasPassword(ProvisionedUser user) {
        return user.password() != null && !user.password().isEmpty();
    }

    private static boolean hasPasswordHash(ProvisionedUser user) {
        return user.passwordHash() != null && !user.passwordHash().isEmpty();
    }

    static UserAccount.Profile profile(ProvisionedUser user) {
        return new UserAccount.Profile(blankToNull(user.name()), blankToNull(user.email()), user.emailVerified());
    }

    /**
     * The application this entry describes, keeping the secret hash of the one already stored.
     *
     * @throws ProvisioningException when the entry breaks a rule of applications
     */
    static Application application(int index, ProvisionedApplication configured, TokenSettings defaults,
            Optional<Application> existing) {
        String property = applicationProperty(index);
        refuseUnresolvedPlaceholder(property + ".secret", configured.secret());
        if (configured.clientId() == null || configured.clientId().isBlank()) {
            throw new ProvisioningException(property + ".client-id: is required");
        }
        ClientType type;
        try {
            type = ClientType.fromValue(configured.type());
        }
        catch (IllegalArgumentException ex) {
            throw new ProvisioningException(property + ".type: " + ex.getMessage());
        }
        if (type == ClientType.CONFIDENTIAL && (configured.secret() == null || configured.secret().isEmpty())) {
            throw new ProvisioningException(property + ".secret: a confidential application needs a secret of at least "
                    + "32 characters (set it from an environment variable)");
        }
        Application application = new Application(configured.clientId(),
                configured.name() == null ? configured.clientId() : configured.name(), type,
                existing.map(Application::secretHash).orElse(null), existing.map(Application::secretCreatedAt).orElse(null),
                new LinkedHashSet<>(configured.grantTypes()), configured.redirectUris(),
                new LinkedHashSet<>(configured.scopes()), configured.allowedOrigins(), configured.skipAuthorization(),
                configured.allowPlainPkce(),
                orDefault(configured.accessTokenTimeToLive(), defaults.accessTokenTimeToLive()),
                orDefault(configured.refreshTokenTimeToLive(), defaults.refreshTokenTimeToLive()),
                orDefault(configured.authorizationCodeTimeToLive(), defaults.authorizationCodeTimeToLive()),
                configured.postLogoutRedirectUris(), configured.idTokenSigningAlgorithm(), configured.requireDpop(),
                configured.requirePushedAuthorizationRequests(), blankToNull(configured.accessTokenFormat()),
                blankToNull(configured.accessTokenSigningAlgorithm()));
        refuse(index, ApplicationValidator.validate(application, configured.secret()));
        return application;
    }

    /** @throws ProvisioningException naming each field of entry {@code index} that breaks a rule */
    static void refuse(int index, List<FieldProblem> problems) {
        if (!problems.isEmpty()) {
            throw new ProvisioningException(problems.stream()
                .map(problem -> applicationProperty(index) + "." + problem.field().replace('_', '-') + ": "
                        + problem.message())
                .reduce((a, b) -> a + "; " + b)
                .orElseThrow());
        }
    }

    private static void refuseUnresolvedPlaceholder(String property, String value) {
        String problem = Rules.unresolvedPlaceholderProblem(value);
        if (problem != null) {
            throw new ProvisioningException(property + ": " + problem);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static Duration orDefault(Duration configured, Duration fallback) {
        return configured == null ? fallback : configured;
    }
}
