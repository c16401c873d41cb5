package dev.latchkey.settings;

/**
 * A setting whose value breaks a rule. Thrown while the settings are bound, before anything else starts;
 * {@link SettingsFailureAnalyzer} reports it as one line that names the key. The message never repeats the
 * value of a secret.
 */
public class InvalidSettingException extends IllegalArgumentException {

    private final String key;

    private final String problem;

    /**
     * @param key The setting's name relative to the object being bound (e.g. {@code retirement-grace}), or
     * its full name when it starts with {@code latchkey.}
     * @param problem What is wrong and what would be right
     */
    public InvalidSettingException(String key, String problem) {
        super(key + ": " + problem);
        this.key = key;
        this.problem = problem;
    }

    /** A refusal Spring's binder reported, described in full by {@code line} ("key: problem"). */
    InvalidSettingException(String line, Throwable cause) {
        super(line, cause);
        int separator = line.indexOf(": ");
        this.key = line.substring(0, separator);
        this.problem = line.substring(separator + 2);
    }

    public String key() {
        return key;
    }

    public String problem() {
        return problem;
    }
}
