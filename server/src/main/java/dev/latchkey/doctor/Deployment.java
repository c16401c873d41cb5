package dev.latchkey.doctor;

import java.util.List;
import java.util.Set;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

import dev.latchkey.settings.DemoSettings;
import dev.latchkey.settings.GuardSettings;
import dev.latchkey.settings.KeySettings;
import dev.latchkey.settings.ProvisioningSettings;
import dev.latchkey.settings.ServerSettings;
import dev.latchkey.settings.TokenSettings;

/**
 * What the doctor examines: the settings as the server binds them, the few Spring properties that matter, and
 * what the database holds.
 *
 * @param jdbcUrl {@code spring.datasource.url}
 * @param exposedEndpoints {@code management.endpoints.web.exposure.include}
 * @param healthDetails {@code management.endpoint.health.show-details} ({@code never} when unset)
 * @param managementPort {@code management.server.port}, {@code null} when the endpoints share the server's port
 * @param managementAllowedAddresses {@code latchkey.management.allowed-addresses}, read by name: empty where the
 * setting does not exist
 */
record Deployment(ServerSettings server, KeySettings keys, TokenSettings tokens, GuardSettings guards, boolean demo,
        ProvisioningSettings provisioning, String jdbcUrl, Set<String> exposedEndpoints, String healthDetails,
        String managementPort, List<String> managementAllowedAddresses, DatabaseView database) {

    /** Binds the settings from {@code environment}, which must have passed the start-up check of the settings. */
    static Deployment of(Environment environment, DatabaseView database) {
        Binder binder = Binder.get(environment);
        return new Deployment(binder.bindOrCreate("latchkey", ServerSettings.class),
                binder.bindOrCreate("latchkey", KeySettings.class),
                binder.bindOrCreate("latchkey.tokens", TokenSettings.class),
                binder.bindOrCreate("latchkey.guards", GuardSettings.class),
                binder.bindOrCreate("latchkey", DemoSettings.class).enabled(),
                binder.bindOrCreate("latchkey.provision", ProvisioningSettings.class),
                environment.getProperty("spring.datasource.url"),
                binder.bind("management.endpoints.web.exposure.include", Bindable.setOf(String.class))
                    .orElse(Set.of("health")),
                environment.getProperty("management.endpoint.health.show-details", "never"),
                environment.getProperty("management.server.port"),
                binder.bind("latchkey.management.allowed-addresses", Bindable.listOf(String.class)).orElse(List.of()),
                database);
    }
}
