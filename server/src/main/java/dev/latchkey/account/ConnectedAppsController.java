package dev.latchkey.account;

import java.security.Principal;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.latchkey.client.ApplicationService;

/** {@code /account/apps}: a signed-in user's connected applications, and revoking one of them. */
@Controller
class ConnectedAppsController {

    private final ConnectedApps connectedApps;

    private final ApplicationService applications;

    ConnectedAppsController(ConnectedApps connectedApps, ApplicationService applications) {
        this.connectedApps = connectedApps;
        this.applications = applications;
    }

    @GetMapping("/account/apps")
    String list(Principal principal, Model model) {
        model.addAttribute("username", principal.getName());
        model.addAttribute("apps", connectedApps.of(principal.getName()));
        return "account/apps";
    }

    @PostMapping("/account/apps/{clientId}/revoke")
    String revoke(Principal principal, @PathVariable String clientId, RedirectAttributes redirect) {
        String name = applications.find(clientId).map(app -> app.name()).orElse(clientId);
        if (connectedApps.revoke(principal.getName(), clientId)) {
            redirect.addFlashAttribute("notice", name + " no longer has access to your account.");
        }
        else {
            redirect.addFlashAttribute("notice", name + " had no access to revoke.");
        }
        return "redirect:/account/apps";
    }
}
