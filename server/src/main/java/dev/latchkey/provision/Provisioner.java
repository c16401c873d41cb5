package dev.latchkey.provision;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import dev.latchkey.client.Application;
import dev.latchkey.client.ApplicationService;
import dev.latchkey.client.InvalidApplicationException;
import dev.latchkey.cluster.StartupLock;
import dev.latchkey.settings.DemoSettings;
import dev.latchkey.settings.ProvisioningSettings;
import dev.latchkey.settings.ProvisioningSettings.ProvisionedApplication;
import dev.latchkey.settings.ProvisioningSettings.ProvisionedUser;
import dev.latchkey.settings.ServerSettings;
import dev.latchkey.settings.TokenSettings;
import dev.latchkey.user.UserAccount;
import dev.latchkey.user.UserService;

/**
 * Applies {@code latchkey.provision.*} at every start, idempotently, before the server takes requests:
 * users and applications are created or brought in line with the configuration (whose entries
 * {@link ProvisioningPreflight} checked before anything started). In demo mode the seed's
 * world is added; on an empty database with no users at all, an {@code admin} account is created.
 * Generated credentials are printed once to standard output — never to the log.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE)
public class Provisioner implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(Provisioner.class);

    private final ProvisioningSettings provisioning;

    private final TokenSettings tokenDefaults;

    private final DemoSettings demo;

    private final ServerSettings server;

    private final ApplicationService applications;

    private final UserService users;

    private final StartupLock startupLock;

    public Provisioner(ProvisioningSettings provisioning, TokenSettings tokenDefaults, DemoSettings demo,
            ServerSettings server, ApplicationService applications, UserService users, StartupLock startupLock) {
        this.provisioning = provisioning;
        this.startupLock = startupLock;
        this.tokenDefaults = tokenDefaults;
        this.demo = demo;
        this.server = server;
        this.applications = applications;
        this.users = users;
    }

    /** Under the startup lock: of nodes starting together on an empty database, one creates, the others find. */
    @Override
    public void afterSingletonsInstantiated() {
        startupLock.holding(this::provision);
    }

    private void provision() {
        List<String> printed = new ArrayList<>();
        List<ProvisionedUser> configuredUsers = new ArrayList<>(provisioning.users());
        List<ProvisionedApplication> configuredApplications = new ArrayList<>(provisioning.applications());
        if (demo.enabled()) {
            DemoWorld.addTo(configuredUsers, configuredApplications, users, applications, printed);
        }
        for (int i = 0; i < configuredUsers.size(); i++) {
            provisionUser(i, configuredUsers.get(i));
        }
        for (int i = 0; i < configuredApplications.size(); i++) {
            provisionApplication(i, configuredApplications.get(i));
        }
        if (users.isEmpty()) {
            String password = DemoWorld.generatePassword();
            users.createOrUpdate("admin", password, true, true);
            printed.add("Admin account created: username 'admin', password '" + password + "'. Sign in at "
                    + server.issuer() + "/login and change it; it is not shown again.");
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
        ProvisioningEntries.checkUser(index, user);
        UserAccount.Profile profile = ProvisioningEntries.profile(user);
        try {
            if (ProvisioningEntries.hasPassword(user)) {
                users.createOrUpdate(user.username(), user.password(), user.enabled(), user.admin(), profile);
            }
            else {
                users.createOrUpdateWithHash(user.username(), user.passwordHash(), user.enabled(), user.admin(), profile);
            }
        }
        catch (IllegalArgumentException ex) {
            throw new ProvisioningException(ProvisioningEntries.userProperty(index) + ": " + ex.getMessage());
        }
    }

    private void provisionApplication(int index, ProvisionedApplication configured) {
        Application application = ProvisioningEntries.application(index, configured, tokenDefaults,
                applications.find(configured.clientId()));
        try {
            applications.save(application, configured.secret());
        }
        catch (InvalidApplicationException ex) {
            ProvisioningEntries.refuse(index, ex.problems());
        }
    }
}
