package dev.latchkey.provision;

import java.util.List;
import java.util.Optional;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;

import dev.latchkey.settings.ProvisioningSettings;
import dev.latchkey.settings.ProvisioningSettings.ProvisionedApplication;
import dev.latchkey.settings.ProvisioningSettings.ProvisionedUser;
import dev.latchkey.settings.SettingsCheck;
import dev.latchkey.settings.TokenSettings;

/**
 * Checks every {@code latchkey.provision.*} entry, by the rules the console applies, as soon as the
 * configuration is read (right after {@link SettingsCheck}): a wrong entry stops the start before anything is
 * migrated or written, with one line naming it ({@link ProvisioningFailureAnalyzer}).
 */
public final class ProvisioningPreflight implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        Binder binder = Binder.get(event.getEnvironment());
        check(binder.bindOrCreate("latchkey.provision", ProvisioningSettings.class),
                binder.bindOrCreate("latchkey.tokens", TokenSettings.class));
    }

    @Override
    public int getOrder() {
        return new SettingsCheck().getOrder() + 1;
    }

    static void check(ProvisioningSettings provisioning, TokenSettings tokenDefaults) {
        List<ProvisionedUser> users = provisioning.users();
        for (int i = 0; i < users.size(); i++) {
            ProvisioningEntries.checkUser(i, users.get(i));
        }
        List<ProvisionedApplication> applications = provisioning.applications();
        for (int i = 0; i < applications.size(); i++) {
            ProvisioningEntries.application(i, applications.get(i), tokenDefaults, Optional.empty());
        }
    }
}
