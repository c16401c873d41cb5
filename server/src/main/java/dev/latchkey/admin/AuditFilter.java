package dev.latchkey.admin;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import dev.latchkey.admin.AuditEvent.Category;
import dev.latchkey.client.FieldProblem;

/**
 * The audit trail's filters as the console's form and the management API's query string give them, as text:
 * each checked, a blank one ignored, each refusal named with its fix.
 *
 * @param from only events at or after: an instant ({@code 2026-12-01T09:30:00Z}) or a day, UTC ({@code 2026-12-01})
 * @param to only events before: an instant, or a day (events before that day's start)
 * @param actor only events by this actor
 * @param clientId only events about this application
 * @param type only events of this type ({@code login.failed})
 * @param category {@code change} or {@code security}
 * @param before the id of the last event of the previous page
 * @param limit how many events at most
 */
public record AuditFilter(String from, String to, String actor, String clientId, String type, String category,
        String before, String limit) {

    /** The most events one page may hold. */
    public static final int MAX_LIMIT = 1000;

    /** The instants a filter may name: what both databases' timestamps and Java's date-times can hold. */
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");

    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

    private static final Pattern TYPE = Pattern.compile("[a-z0-9][a-z0-9.-]{0,59}");

    /** The query, or the problems that prevent it (each with its fix). */
    public record Parsed(AuditQuery query, List<FieldProblem> problems) {
    }

    public Parsed parse(int defaultLimit) {
        List<FieldProblem> problems = new ArrayList<>();
        Instant start = instant("from", from, problems);
        Instant end = instant("to", to, problems);
        if (start != null && end != null && !start.isBefore(end)) {
            problems.add(new FieldProblem("to", "must be later than from (" + start + "), not " + end));
        }
        String actorName = text("actor", actor, 200, problems);
        String client = text("client_id", clientId, 100, problems);
        String action = text("type", type, 60, problems);
        if (action != null && !TYPE.matcher(action).matches()) {
            problems.add(new FieldProblem("type", "must be an event type such as login.failed or application.created: "
                    + "lower-case letters, digits, dots and dashes"));
            action = null;
        }
        Category only = null;
        if (present(category)) {
            only = Category.fromValue(category.strip());
            if (only == null) {
                problems.add(new FieldProblem("category", "must be change or security"));
            }
        }
        Long beforeId = present(before) ? number("before", before, Long.MAX_VALUE, problems) : null;
        Long most = present(limit) ? number("limit", limit, MAX_LIMIT, problems) : Long.valueOf(defaultLimit);
        if (!problems.isEmpty()) {
            return new Parsed(null, List.copyOf(problems));
        }
        return new Parsed(new AuditQuery(start, end, actorName, client, action, only, beforeId, most.intValue()), List.of());
    }

    private static Instant instant(String field, String value, List<FieldProblem> problems) {
        if (!present(value)) {
            return null;
        }
        String text = value.strip();
        try {
            Instant instant = text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.parse(text);
            if (!instant.isBefore(EARLIEST) && !instant.isAfter(LATEST)) {
                return instant;
            }
        }
        catch (DateTimeParseException ex) {
            // Reported below like an instant out of range.
        }
        problems.add(new FieldProblem(field, "must be an instant such as 2026-12-01T09:30:00Z or a day such as "
                + "2026-12-01 (UTC), between the years 1 and 9999"));
        return null;
    }

    private static String text(String field, String value, int maxLength, List<FieldProblem> problems) {
        if (!present(value)) {
            return null;
        }
        if (value.strip().length() > maxLength) {
            problems.add(new FieldProblem(field, "must be at most " + maxLength + " characters"));
            return null;
        }
        // No stored name holds one, and PostgreSQL refuses a NUL in a query parameter.
        if (CONTROL.matcher(value).find()) {
            problems.add(new FieldProblem(field, "must not contain control characters"));
            return null;
        }
        return value.strip();
    }

    private static Long number(String field, String value, long max, List<FieldProblem> problems) {
        try {
            long number = Long.parseLong(value.strip());
            if (number >= 1 && number <= max) {
                return number;
            }
        }
        catch (NumberFormatException ex) {
            // Reported below like any other out-of-range value.
        }
        problems.add(new FieldProblem(field, max == Long.MAX_VALUE ? "must be the id of an event (a whole number from 1)"
                : "must be a whole number from 1 to " + max));
        return null;
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
