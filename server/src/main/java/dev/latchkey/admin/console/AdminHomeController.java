package dev.latchkey.admin.console;

import java.util.List;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.latchkey.admin.ApplicationAdministration;
import dev.latchkey.admin.AuditEvent;
import dev.latchkey.admin.AuditEvent.Category;
import dev.latchkey.admin.AuditFilter;
import dev.latchkey.admin.AuditLog;
import dev.latchkey.admin.GrantAdministration;
import dev.latchkey.admin.UserAdministration;

/**
 * The console's home page (how many applications, users and live grants; the latest security events) and
 * the audit log.
 */
@Controller
class AdminHomeController {

    /** Audit events per page of the console. */
    private static final int PAGE = 200;

    private final ApplicationAdministration applications;

    private final UserAdministration users;

    private final GrantAdministration grants;

    private final AuditLog audit;

    AdminHomeController(ApplicationAdministration applications, UserAdministration users, GrantAdministration grants,
            AuditLog audit) {
        this.applications = applications;
        this.users = users;
        this.grants = grants;
        this.audit = audit;
    }

    @GetMapping({ "/admin", "/admin/" })
    String home(Model model) {
        model.addAttribute("section", "home");
        model.addAttribute("applicationCount", applications.count());
        model.addAttribute("userCount", users.list().size());
        model.addAttribute("grantCount", grants.countActive());
        model.addAttribute("securityEvents", audit.recent(Category.SECURITY, 10));
        return "admin/home";
    }

    /** The audit log, filtered as the form says; a filter it cannot read is a 400 that says why. */
    @GetMapping("/admin/audit")
    String auditLog(Model model, HttpServletResponse response,
            @RequestParam(name = "from", required = false) String from,
            @RequestParam(name = "to", required = false) String to,
            @RequestParam(name = "actor", required = false) String actor,
            @RequestParam(name = "client_id", required = false) String clientId,
            @RequestParam(name = "type", required = false) String type,
            @RequestParam(name = "category", required = false) String category,
            @RequestParam(name = "before", required = false) String before) {
        AuditFilter filter = new AuditFilter(from, to, actor, clientId, type, category, before, null);
        AuditFilter.Parsed parsed = filter.parse(PAGE);
        List<AuditEvent> events = List.of();
        if (parsed.query() == null) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        }
        else {
            events = audit.find(parsed.query());
        }
        model.addAttribute("section", "audit");
        model.addAttribute("filter", filter);
        model.addAttribute("problems", parsed.problems());
        model.addAttribute("events", events);
        model.addAttribute("older", events.size() == PAGE ? events.get(PAGE - 1).id() : null);
        return "admin/audit";
    }
}
