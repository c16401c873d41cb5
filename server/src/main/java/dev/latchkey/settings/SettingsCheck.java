package dev.latchkey.settings;

import java.time.Duration;

import org.springframework.aot.AotDetector;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.RandomValuePropertySource;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Checks every {@code latchkey.*} setting as soon as the configuration is read, before any bean exists, so
 * that a mistake stops the start before anything is migrated or written: a name that is not a setting (with
 * the nearest one, for a misspelling), then each settings record bound and validated, then the rules that
 * span records. {@link SettingsFailureAnalyzer} turns the refusal into one line.
 * <p>
 * Environment variables are not checked for unknown names: the environment is shared with other programs
 * (the launcher's own {@code LATCHKEY_JAVA_OPTS}, say), and a variable Latchkey does not know is not a mistake.
 */
public final class SettingsCheck implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        check(event.getEnvironment());
    }

    /** Right after the logging system is set up, so the refusal is reported through it. */
    @Override
    public int getOrder() {
        return LoggingApplicationListener.DEFAULT_ORDER + 1;
    }

    /** @throws InvalidSettingException for the first unknown name or invalid value found, naming it in full */
    public static void check(ConfigurableEnvironment environment) {
        refuseUnknownNames(environment);
        Binder binder = Binder.get(environment);
        try {
            for (Class<? extends Record> settings : SettingsCatalog.RECORDS) {
                binder.bindOrCreate(settings.getAnnotation(ConfigurationProperties.class).value(), settings);
            }
        }
        catch (BindException ex) {
            throw new InvalidSettingException(SettingsFailureAnalyzer.describe(ex), ex);
        }
        checkTogether(binder.bindOrCreate("latchkey", KeySettings.class),
                binder.bindOrCreate("latchkey.tokens", TokenSettings.class));
        checkManagementPort(environment);
    }

    /**
     * With Spring AOT's build-time wiring ({@code -Dspring.aot.enabled=true}), whether management has a port of its
     * own was decided when the jar was built (with none): a separate port set now would be ignored, and health and
     * metrics would stay on the server's port. Refused, rather than served where the operator did not ask.
     */
    private static void checkManagementPort(ConfigurableEnvironment environment) {
        Integer management = environment.getProperty("management.server.port", Integer.class);
        if (AotDetector.useGeneratedArtifacts() && management != null && management >= 0
                && !management.equals(environment.getProperty("server.port", Integer.class))) {
            throw new InvalidSettingException("management.server.port", "a separate management port needs the start "
                    + "without Spring AOT (-Dspring.aot.enabled=false): the AOT wiring built into the jar serves health "
                    + "and metrics on server.port (see docs/operations.md)");
        }
    }

    private static void refuseUnknownNames(ConfigurableEnvironment environment) {
        SettingsCatalog catalog = SettingsCatalog.load();
        ConfigurationPropertyName root = ConfigurationPropertyName.of(SettingsCatalog.PREFIX);
        for (PropertySource<?> source : environment.getPropertySources()) {
            // Spring's attached view of every other source would list each name a second time.
            if (!(source instanceof EnumerablePropertySource<?> enumerable) || source instanceof SystemEnvironmentPropertySource
                    || source instanceof RandomValuePropertySource
                    || ConfigurationPropertySources.isAttachedConfigurationPropertySource(source)) {
                continue;
            }
            for (String propertyName : enumerable.getPropertyNames()) {
                ConfigurationPropertyName name = ConfigurationPropertyName.adapt(propertyName, '.');
                if ((root.equals(name) || root.isAncestorOf(name)) && !catalog.isKnown(name)) {
                    String nearest = catalog.nearest(name);
                    throw new InvalidSettingException(propertyName, "is not a Latchkey setting"
                            + (nearest != null ? " (did you mean " + nearest + "?)" : " (see docs/configuration.md)"));
                }
            }
        }
    }

    /** A replaced key must stay published until every token it signed has expired. */
    private static void checkTogether(KeySettings keys, TokenSettings tokens) {
        Duration grace = keys.signingKeys().retirementGrace();
        Duration longestToken = tokens.accessTokenTimeToLive().compareTo(TokenSettings.ID_TOKEN_TIME_TO_LIVE) > 0
                ? tokens.accessTokenTimeToLive() : TokenSettings.ID_TOKEN_TIME_TO_LIVE;
        if (grace.compareTo(longestToken) <= 0) {
            throw new InvalidSettingException("latchkey.signing-keys.retirement-grace", "must be longer than the longest "
                    + "token lifetime (" + Rules.describe(longestToken) + "), not " + Rules.describe(grace)
                    + ": tokens signed by a replaced key must still verify until they expire");
        }
    }
}
