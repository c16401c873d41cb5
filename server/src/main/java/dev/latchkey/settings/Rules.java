package dev.latchkey.settings;

import java.time.Duration;

/** The checks settings make of their values, each with the message an operator reads. */
public final class Rules {

    private Rules() {
    }

    static Duration positive(String key, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new InvalidSettingException(key, "must be a positive duration (e.g. 90s, 5m, 2h, 30d), not "
                    + (value == null ? "empty" : describe(value)));
        }
        return value;
    }

    /** A duration as an operator writes it: {@code 90s}, {@code 10m}, {@code 24h}, {@code 365d}. */
    static String describe(Duration value) {
        long seconds = value.toSeconds();
        if (seconds != 0 && seconds % 86_400 == 0 && Math.abs(seconds) > 86_400) {
            return seconds / 86_400 + "d";
        }
        if (seconds != 0 && seconds % 3_600 == 0) {
            return seconds / 3_600 + "h";
        }
        if (seconds != 0 && seconds % 60 == 0 && value.getNano() == 0) {
            return seconds / 60 + "m";
        }
        return value.getNano() == 0 ? seconds + "s" : value.toMillis() + "ms";
    }

    /** Spring leaves ${NAME} as it is when NAME is not set: a secret must never silently become that text. */
    static String resolved(String key, String value) {
        String problem = unresolvedPlaceholderProblem(value);
        if (problem != null) {
            throw new InvalidSettingException(key, problem);
        }
        return value;
    }

    /** Why {@code value} still holds a placeholder Spring could not resolve, or {@code null}. */
    public static String unresolvedPlaceholderProblem(String value) {
        if (value == null || !value.contains("${")) {
            return null;
        }
        int start = value.indexOf("${");
        int end = value.indexOf('}', start);
        String placeholder = end < 0 ? value.substring(start) : value.substring(start, end + 1);
        return "the placeholder " + placeholder + " is not set: define that environment variable (or property) "
                + "before starting";
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
