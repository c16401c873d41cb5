package dev.latchkey.admin.console;

import java.security.Principal;
import java.util.List;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.latchkey.admin.KeyAdministration;
import dev.latchkey.signingkey.SigningKeySummary;

/** Signing keys: what signs now, what still verifies, what is retired; rotation on demand. */
@Controller
@RequestMapping("/admin/keys")
class KeysController {

    private static final String SECTION = "keys";

    private final KeyAdministration keys;

    KeysController(KeyAdministration keys) {
        this.keys = keys;
    }

    @GetMapping
    String list(Model model) {
        model.addAttribute("section", SECTION);
        model.addAttribute("keys", keys.list());
        return "admin/keys/list";
    }

    @GetMapping("/rotate")
    String confirmRotation(Model model) {
        return new ConfirmPage("Rotate the signing keys now", "New RS256 and ES256 keys start signing. The current "
                + "keys stay published in the JWKS, so tokens they signed keep verifying until they expire.",
                "/admin/keys/rotate", "Rotate keys", "/admin/keys")
            .show(model, SECTION);
    }

    @PostMapping("/rotate")
    String rotate(Principal principal, RedirectAttributes redirect) {
        List<SigningKeySummary> created = keys.rotate(principal.getName());
        redirect.addFlashAttribute("notice", "Rotated: " + created.stream()
            .map(key -> key.algorithm() + " " + key.kid())
            .reduce((a, b) -> a + ", " + b)
            .orElse("no key") + " now active.");
        return "redirect:/admin/keys";
    }
}
