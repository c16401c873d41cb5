package dev.latchkey.admin.console;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.latchkey.admin.ApplicationAdministration;
import dev.latchkey.admin.AuditEvent.Category;
import dev.latchkey.admin.AuditLog;
import dev.latchkey.admin.GrantAdministration;
import dev.latchkey.admin.UserAdministration;

/**
 * The console's home page (how many applications, users and live grants; the latest security events) and
 * the audit log.
 */
@Controller
class AdminHomeController {

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

    @GetMapping("/admin/audit")
    String auditLog(Model model, @RequestParam(name = "category", required = false) String category) {
        Category only = "security".equals(category) ? Category.SECURITY
                : "change".equals(category) ? Category.CHANGE : null;
        model.addAttribute("section", "audit");
        model.addAttribute("category", only == null ? "" : only.value());
        model.addAttribute("events", audit.recent(only, 200));
        return "admin/audit";
    }
}
