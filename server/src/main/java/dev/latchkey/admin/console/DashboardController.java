package dev.latchkey.admin.console;

import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import dev.latchkey.ops.MetricsHistory;

/**
 * The dashboard: this node's tokens issued, refusals, sign-ins and latency per minute over the last hours, drawn
 * by the page's script (static/js/dashboard.js) from {@code /admin/dashboard/data}, which it reads again every
 * 15 seconds.
 */
@Controller
class DashboardController {

    private final MetricsHistory history;

    DashboardController(MetricsHistory history) {
        this.history = history;
    }

    @GetMapping("/admin/dashboard")
    String dashboard(Model model) {
        model.addAttribute("section", "dashboard");
        return "admin/dashboard";
    }

    @GetMapping("/admin/dashboard/data")
    ResponseEntity<MetricsHistory.Series> data() {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(history.series());
    }
}
