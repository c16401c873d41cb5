package dev.latchkey.admin.console;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

import org.springframework.stereotype.Component;

/**
 * How the console and the connected-apps page show values, used from templates as {@code @consoleFormat}:
 * dates in UTC to the minute, sets (grant types, scopes) in alphabetical order so rows compare at a glance.
 */
@Component("consoleFormat")
public class ConsoleFormat {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
        .withZone(ZoneOffset.UTC);

    public String date(Instant instant) {
        return instant == null ? "" : FORMAT.format(instant);
    }

    public List<String> sorted(Collection<String> values) {
        return List.copyOf(new TreeSet<>(values));
    }
}
