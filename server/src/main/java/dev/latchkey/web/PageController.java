package dev.latchkey.web;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.latchkey.user.UserService;

/** The login page (Spring Security processes its POST), the signed-out page and a small home page. */
@Controller
public class PageController {

    /** @param locked seconds until sign-ins may go on, after the brute-force guard held one back */
    @GetMapping("/login")
    String login(@RequestParam(name = "locked", required = false) String locked, Model model) {
        if (locked != null) {
            model.addAttribute("wait", wait(locked));
        }
        return "login";
    }

    /** The wait in words; the number comes from the address bar, so anything else reads as a generic wait. */
    static String wait(String seconds) {
        long value = seconds.matches("[0-9]{1,9}") ? Long.parseLong(seconds) : -1;
        if (value < 0) {
            return "a while";
        }
        if (value < 90) {
            return value <= 1 ? "a second" : value + " seconds";
        }
        long minutes = (value + 59) / 60;
        return "about " + minutes + " minutes";
    }

    @GetMapping("/signed-out")
    String signedOut() {
        return "signed-out";
    }

    @GetMapping("/")
    String home(Authentication authentication, Model model) {
        model.addAttribute("username", authentication.getName());
        model.addAttribute("admin", authentication.getAuthorities()
            .stream()
            .anyMatch(authority -> UserService.ADMIN_AUTHORITY.equals(authority.getAuthority())));
        return "home";
    }
}
