package dev.latchkey.doctor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/** What the doctor found, severe findings first, as text for a terminal or as JSON for a script. */
public record Report(List<Finding> findings) {

    /** The exit status of {@code doctor} when anything severe was found. */
    public static final int SEVERE_EXIT_STATUS = 2;

    public Report {
        findings = findings.stream().sorted((a, b) -> a.severity().compareTo(b.severity())).toList();
    }

    public long severe() {
        return findings.stream().filter(finding -> finding.severity() == Severity.SEVERE).count();
    }

    /** 0 when nothing is severe, else {@value #SEVERE_EXIT_STATUS}. */
    public int exitStatus() {
        return severe() > 0 ? SEVERE_EXIT_STATUS : 0;
    }

    public String toText() {
        StringBuilder text = new StringBuilder();
        for (Finding finding : findings) {
            text.append(finding.severity().name()).append("  ").append(finding.check()).append('\n')
                .append("    ").append(finding.problem()).append('\n')
                .append("    Fix: ").append(finding.fix()).append('\n');
        }
        text.append(findings.isEmpty() ? "No risky setting found." : findings.size() + " finding(s), " + severe()
                + " severe.").append('\n');
        return text.toString();
    }

    public String toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("severe", severe());
        json.put("findings", findings.stream().map(finding -> {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("check", finding.check());
            one.put("severity", finding.severity().value());
            one.put("problem", finding.problem());
            one.put("fix", finding.fix());
            return one;
        }).toList());
        return JsonMapper.builder().build().writeValueAsString(json);
    }
}
