package dev.latchkey.ops;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import tools.jackson.databind.json.JsonMapper;

/**
 * What one housekeeping run deleted, table by table; or, when another run held the lease, that it did not run, who
 * held the lease and until when.
 *
 * @param purged rows deleted per table, in the order housekeeping deletes them; empty when it did not run
 * @param leaseHolder the run that held the lease, or {@code null} when this one ran
 * @param leasedUntil until when it held the lease at most, or {@code null} when this one ran
 */
public record PurgeResult(Map<String, Integer> purged, String leaseHolder, Instant leasedUntil) {

    public PurgeResult {
        purged = Collections.unmodifiableMap(new LinkedHashMap<>(purged));
    }

    static PurgeResult busy(String leaseHolder, Instant leasedUntil) {
        return new PurgeResult(Map.of(), leaseHolder, leasedUntil);
    }

    public boolean ran() {
        return leaseHolder == null;
    }

    public int total() {
        return purged.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Why this run did not run, in a sentence; for a run that ran, a summary of what it deleted. */
    public String summary() {
        if (!ran()) {
            return "Nothing was purged: another housekeeping run (" + leaseHolder + ") holds the lease, until "
                    + leasedUntil + " at the latest. Try again when it is done.";
        }
        return total() + " row(s) purged: " + purged.entrySet()
            .stream()
            .map(table -> table.getKey() + " " + table.getValue())
            .collect(Collectors.joining(", "));
    }

    /** One line per table, as {@code bin/latchkey purge} prints it. */
    public String toText() {
        if (!ran()) {
            return summary() + System.lineSeparator();
        }
        StringBuilder text = new StringBuilder();
        purged.forEach((table, rows) -> text.append(String.format("%-30s %d%n", table, rows)));
        return text.toString();
    }

    public String toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("ran", ran());
        if (ran()) {
            json.put("purged", purged);
        }
        else {
            json.put("lease_holder", leaseHolder);
            json.put("leased_until", leasedUntil.toString());
        }
        return JsonMapper.builder().build().writeValueAsString(json);
    }
}
