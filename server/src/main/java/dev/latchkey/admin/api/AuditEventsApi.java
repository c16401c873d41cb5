package dev.latchkey.admin.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.latchkey.admin.AuditEvent;
import dev.latchkey.admin.AuditEvent.Category;
import dev.latchkey.admin.AuditLog;
import dev.latchkey.client.FieldProblem;

/** {@code /admin/api/audit-events}: the audit log, newest first. */
@RestController
@RequestMapping("/admin/api/audit-events")
class AuditEventsApi {

    private static final int MAX_LIMIT = 1000;

    private final AuditLog audit;

    AuditEventsApi(AuditLog audit) {
        this.audit = audit;
    }

    @GetMapping
    List<Map<String, Object>> list(@RequestParam(name = "category", required = false) String category,
            @RequestParam(name = "limit", defaultValue = "100") String limit) {
        Category only = null;
        if (category != null) {
            if (!category.equals("change") && !category.equals("security")) {
                throw new InvalidRequestException(new FieldProblem("category", "must be change or security"));
            }
            only = Category.valueOf(category.toUpperCase(java.util.Locale.ROOT));
        }
        return audit.recent(only, parseLimit(limit)).stream().map(AuditEventsApi::write).toList();
    }

    private static int parseLimit(String limit) {
        try {
            int value = Integer.parseInt(limit);
            if (value >= 1 && value <= MAX_LIMIT) {
                return value;
            }
        }
        catch (NumberFormatException ex) {
            // Reported below like any other out-of-range value.
        }
        throw new InvalidRequestException(new FieldProblem("limit", "must be a whole number from 1 to " + MAX_LIMIT));
    }

    private static Map<String, Object> write(AuditEvent event) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", event.id());
        json.put("occurred_at", event.occurredAt().toString());
        json.put("category", event.category().value());
        json.put("actor", event.actor());
        json.put("action", event.action());
        json.put("target", event.target());
        json.put("detail", event.detail());
        return json;
    }
}
