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
import dev.latchkey.guard.FailureCounter;
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
            @RequestParam(name = "key", defaultValue = "") String key, RedirectAttributes redirect) {
        GuardedKind guarded = LockAdministration.kindOf(kind);
        if (guarded == null || !LockAdministration.isKey(key)) {
            redirect.addFlashAttribute("alert", "Nothing was released: the request did not name a lock.");
            return "redirect:/admin/locks";
        }
        locks.release(principal.getName(), guarded, key)
            .ifPresentOrElse(series -> redirect.addFlashAttribute("notice", "Released " + shown(series)
                    + ": its failed attempts are forgotten."),
                    () -> redirect.addFlashAttribute("notice", "That lock was no longer holding anything back."));
        return "redirect:/admin/locks";
    }

    private static String shown(FailureCounter series) {
        return series.displayName() == null ? "a name that is no account" : series.displayName();
    }
}
