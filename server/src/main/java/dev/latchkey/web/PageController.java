package dev.latchkey.web;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import dev.latchkey.user.UserService;

/** The login page (Spring Security processes its POST), the signed-out page and a small home page. */
@Controller
public class PageController {

    @GetMapping("/login")
    String login() {
        return "login";
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
