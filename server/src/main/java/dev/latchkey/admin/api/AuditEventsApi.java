package dev.latchkey.admin.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.latchkey.admin.AuditEvent;
import dev.latchkey.admin.AuditFilter;
import dev.latchkey.admin.AuditLog;

/**
 * {@code /admin/api/audit-events}: the audit log, newest first, filtered by time, actor, application, type and
 * category, a page of at most {@value AuditFilter#MAX_LIMIT} events at a time (docs/management-api.md).
 */
@RestController
@RequestMapping("/admin/api/audit-events")
class AuditEventsApi {

    private final AuditLog audit;

    AuditEventsApi(AuditLog audit) {
        this.audit = audit;
    }

    @GetMapping
    List<Map<String, Object>> list(@RequestParam(name = "from", required = false) String from,
            @RequestParam(name = "to", required = false) String to,
            @RequestParam(name = "actor", required = false) String actor,
            @RequestParam(name = "client_id", required = false) String clientId,
            @RequestParam(name = "type", required = false) String type,
            @RequestParam(name = "category", required = false) String category,
            @RequestParam(name = "before", required = false) String before,
            @RequestParam(name = "limit", required = false) String limit) {
        AuditFilter.Parsed parsed = new AuditFilter(from, to, actor, clientId, type, category, before, limit).parse(100);
        if (!parsed.problems().isEmpty()) {
            throw new InvalidRequestException("invalid_request", parsed.problems());
        }
        return audit.find(parsed.query()).stream().map(AuditEventsApi::write).toList();
    }

    private static Map<String, Object> write(AuditEvent event) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", event.id());
        json.put("occurred_at", event.occurredAt().toString());
        json.put("category", event.category().value());
        json.put("actor", event.actor());
        json.put("action", event.action());
        json.put("target", event.target());
        json.put("client_id", event.clientId());
        json.put("detail", event.detail());
        return json;
    }
}
