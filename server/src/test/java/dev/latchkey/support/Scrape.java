package dev.latchkey.support;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One reading of {@code /actuator/prometheus}, parsed from the Prometheus text format (version 0.0.4): each
 * sample's name, labels and value. Comments ({@code # HELP}, {@code # TYPE}) are skipped.
 */
public final class Scrape {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})? (\\S+)( \\S+)?$");

    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

    private final Map<Sample, Double> samples;

    private Scrape(Map<Sample, Double> samples) {
        this.samples = samples;
    }

    /** A sample's identity: its name and labels (sorted). */
    public record Sample(String name, Map<String, String> labels) {
    }

    public static Scrape parse(String text) {
        Map<Sample, Double> samples = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            if (!sample.matches()) {
                throw new IllegalArgumentException("Not a sample of the text format: " + line);
            }
            Map<String, String> labels = new TreeMap<>();
            if (sample.group(3) != null) {
                Matcher label = LABEL.matcher(sample.group(3));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2).replace("\\\"", "\"").replace("\\\\", "\\"));
                }
            }
            samples.put(new Sample(sample.group(1), labels), Double.parseDouble(sample.group(4)));
        }
        return new Scrape(samples);
    }

    /** The value of the sample with this name and exactly these labels; 0 when there is none (a counter not yet made). */
    public double value(String name, Map<String, String> labels) {
        return samples.getOrDefault(new Sample(name, new TreeMap<>(labels)), 0.0);
    }

    /** The sum of every sample of this name whose labels include these. */
    public double sum(String name, Map<String, String> labels) {
        return samples.entrySet()
            .stream()
            .filter(entry -> entry.getKey().name().equals(name)
                    && entry.getKey().labels().entrySet().containsAll(labels.entrySet()))
            .mapToDouble(Map.Entry::getValue)
            .sum();
    }

    public boolean has(String name) {
        return samples.keySet().stream().anyMatch(sample -> sample.name().equals(name));
    }

    public Map<Sample, Double> samples() {
        return samples;
    }
}
