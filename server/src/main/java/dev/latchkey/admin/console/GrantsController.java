package dev.latchkey.admin.console;

import java.security.Principal;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

import dev.latchkey.admin.ApplicationAdministration;
import dev.latchkey.admin.GrantAdministration;

/** Live grants by user and by application, and their revocation (one, or all of a user or application). */
@Controller
@RequestMapping("/admin/grants")
class GrantsController {

    private static final String SECTION = "grants";

    private final GrantAdministration grants;

    private final ApplicationAdministration applications;

    GrantsController(GrantAdministration grants, ApplicationAdministration applications) {
        this.grants = grants;
        this.applications = applications;
    }

    @GetMapping
    String list(Model model, @RequestParam(name = "user", defaultValue = "") String user,
            @RequestParam(name = "client_id", defaultValue = "") String clientId) {
        model.addAttribute("section", SECTION);
        model.addAttribute("user", user.strip());
        model.addAttribute("clientId", clientId.strip());
        model.addAttribute("applications", applications.search(""));
        model.addAttribute("grants", grants.list(user, clientId));
        model.addAttribute("limit", GrantAdministration.LIST_LIMIT);
        return "admin/grants/list";
    }

    @GetMapping("/{id}/revoke")
    String confirmRevoke(Model model, @PathVariable String id) {
        return new ConfirmPage("Revoke this grant", "The application's refresh token and access token for grant " + id
                + " stop working now. The user signs in again to use the application.", "/admin/grants/" + id + "/revoke",
                "Revoke grant", "/admin/grants")
            .show(model, SECTION);
    }

    @PostMapping("/{id}/revoke")
    String revoke(Principal principal, @PathVariable String id, RedirectAttributes redirect) {
        if (grants.revoke(principal.getName(), id)) {
            redirect.addFlashAttribute("notice", "Revoked grant " + id + ".");
        }
        else {
            redirect.addFlashAttribute("alert", "Grant " + id + " was already revoked or has expired.");
        }
        return "redirect:/admin/grants";
    }

    @GetMapping("/revoke-all")
    String confirmRevokeAll(Model model, @RequestParam(name = "user", defaultValue = "") String user,
            @RequestParam(name = "client_id", defaultValue = "") String clientId) {
        boolean byUser = !user.isBlank();
        String whose = byUser ? "user '" + user + "'" : "application '" + clientId + "'";
        String action = UriComponentsBuilder.fromPath("/admin/grants/revoke-all")
            .queryParam(byUser ? "user" : "client_id", byUser ? user : clientId)
            .encode()
            .toUriString();
        return new ConfirmPage("Revoke every grant of " + whose, "Every refresh token and access token of " + whose
                + " stops working now, including codes not yet redeemed.", action, "Revoke all", "/admin/grants")
            .show(model, SECTION);
    }

    @PostMapping("/revoke-all")
    String revokeAll(Principal principal, @RequestParam(name = "user", defaultValue = "") String user,
            @RequestParam(name = "client_id", defaultValue = "") String clientId, RedirectAttributes redirect) {
        if (!user.isBlank()) {
            int revoked = grants.revokeAllOfUser(principal.getName(), user);
            redirect.addFlashAttribute("notice", "Revoked " + revoked + " grant(s) of user '" + user + "'.");
        }
        else if (!clientId.isBlank()) {
            int revoked = grants.revokeAllOfApplication(principal.getName(), clientId);
            redirect.addFlashAttribute("notice", "Revoked " + revoked + " grant(s) of application '" + clientId + "'.");
        }
        return "redirect:/admin/grants";
    }
}
