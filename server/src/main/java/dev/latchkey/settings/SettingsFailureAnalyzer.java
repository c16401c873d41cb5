package dev.latchkey.settings;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Reports a refused {@code latchkey.*} setting as one line that names it and says what is wrong, instead of
 * Spring's binding report or a stack trace. Ahead of Spring's own analyzers, which would describe the same
 * failure over several lines.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
public class SettingsFailureAnalyzer implements FailureAnalyzer {

    private static final String ACTION = "Correct that setting (in the configuration file, on the command line or in "
            + "the environment) and start again. Every setting is described in docs/configuration.md.";

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        String line = describe(failure);
        return line == null ? null : new FailureAnalysis(line, ACTION, failure);
    }

    /** The one line for a settings failure anywhere in the chain of causes, or {@code null} for another failure. */
    static String describe(Throwable failure) {
        BindException innermostBinding = null;
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException binding) {
                innermostBinding = binding;
            }
            if (cause instanceof InvalidSettingException invalid) {
                return fullName(invalid.key(), innermostBinding) + ": " + invalid.problem();
            }
        }
        if (innermostBinding != null && innermostBinding.getName().toString().startsWith(SettingsCatalog.PREFIX + ".")) {
            return innermostBinding.getName() + ": " + unreadable(innermostBinding);
        }
        return null;
    }

    private static String fullName(String key, BindException binding) {
        if (key.startsWith(SettingsCatalog.PREFIX + ".") || binding == null) {
            return key;
        }
        return binding.getName() + "." + key;
    }

    /** A value Spring could not convert: what it should have been (secrets are strings, which always convert). */
    private static String unreadable(BindException binding) {
        ConfigurationProperty property = binding.getProperty();
        String value = property == null ? "the value" : "'" + property.getValue() + "'";
        Class<?> type = binding.getTarget().getType().resolve(Object.class);
        if (type.isEnum()) {
            return value + " must be one of " + Arrays.stream(type.getEnumConstants())
                .map(constant -> ((Enum<?>) constant).name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
        }
        if (type == Duration.class) {
            return value + " must be a duration such as 90s, 5m, 2h or 30d";
        }
        if (type == Integer.class || type == int.class) {
            return value + " must be a whole number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return value + " must be true or false";
        }
        return value + " cannot be read as " + type.getSimpleName();
    }
}
