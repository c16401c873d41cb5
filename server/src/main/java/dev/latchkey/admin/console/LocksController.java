package dev.latchkey.admin.console;

import java.security.Principal;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.latchkey.admin.LockAdministration;
import dev.latchkey.guard.GuardedKind;

/**
 * Sign-in and client locks: which account names, addresses and applications the brute-force guard holds back, and
 * their release.
 */
@Controller
@RequestMapping("/admin/locks")
class LocksController {

    private static final String SECTION = "locks";

    private final LockAdministration locks;

    LocksController(LockAdministration locks) {
        this.locks = locks;
    }

    @GetMapping
    String list(Model model) {
        model.addAttribute("section", SECTION);
        model.addAttribute("locks", locks.heldBack());
        return "admin/locks";
    }

    @PostMapping("/release")
    String release(Principal principal, @RequestParam(name = "kind", defaultValue = "") String kind,
            @RequestParam(name = "key", defaultValue = "") String key,
            @RequestParam(name = "name", defaultValue = "") String name, RedirectAttributes redirect) {
        GuardedKind guarded = kindOf(kind);
        String shown = name.isEmpty() ? "a name that is no account" : name;
        if (guarded == null || !key.matches("[0-9a-f]{64}")) {
            redirect.addFlashAttribute("alert", "Nothing was released: the request did not name a lock.");
        }
        else if (locks.release(principal.getName(), guarded, key, name.isEmpty() ? null : name)) {
            redirect.addFlashAttribute("notice", "Released " + shown + ": its failed attempts are forgotten.");
        }
        else {
            redirect.addFlashAttribute("notice", shown + " was no longer held back.");
        }
        return "redirect:/admin/locks";
    }

    private static GuardedKind kindOf(String kind) {
        for (GuardedKind candidate : GuardedKind.values()) {
            if (candidate.name().equals(kind)) {
                return candidate;
            }
        }
        return null;
    }
}
