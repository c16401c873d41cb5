package dev.latchkey.settings;

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
            + "the environment) and start again. Nothing was migrated or written. Every setting is described in "
            + "docs/configuration.md.";

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

    /** A value Spring could not convert: its text is repeated (secrets are strings, which always convert). */
    private static String unreadable(BindException binding) {
        ConfigurationProperty property = binding.getProperty();
        Throwable root = binding;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String value = property == null ? "the value" : "'" + property.getValue() + "'";
        return value + " cannot be read as " + binding.getTarget().getType() + " (" + root.getMessage() + ")";
    }
}
