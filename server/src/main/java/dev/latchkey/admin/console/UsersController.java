package dev.latchkey.admin.console;

import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.latchkey.admin.AdministrationRefusedException;
import dev.latchkey.admin.LockAdministration;
import dev.latchkey.admin.UserAdministration;
import dev.latchkey.admin.UserAdministration.UserWithPassword;
import dev.latchkey.user.InvalidUserException;
import dev.latchkey.user.UserAccount;
import dev.latchkey.user.UsernameTakenException;

/**
 * Users in the console: list, create, edit the profile (name, email), reset password, enable or disable,
 * grant or remove the admin role, delete; a locked account is marked (released on the locks page). A generated
 * password is rendered in the response to the POST that made it, once.
 */
@Controller
@RequestMapping("/admin/users")
class UsersController {

    private static final String SECTION = "users";

    private final UserAdministration users;

    private final LockAdministration locks;

    UsersController(UserAdministration users, LockAdministration locks) {
        this.users = users;
        this.locks = locks;
    }

    @GetMapping
    String list(Model model) {
        model.addAttribute("section", SECTION);
        model.addAttribute("users", users.list());
        model.addAttribute("lockedUsernames", locks.lockedUsernames());
        model.addAttribute("newProfile", UserAccount.Profile.NONE);
        model.addAttribute("fieldProblems", Map.of());
        return "admin/users/list";
    }

    @PostMapping
    String create(Principal principal, Model model, @RequestParam(name = "username", defaultValue = "") String username,
            @RequestParam(name = "password", defaultValue = "") String password,
            @RequestParam(name = "admin", defaultValue = "false") boolean admin,
            @RequestParam(name = "name", defaultValue = "") String name,
            @RequestParam(name = "email", defaultValue = "") String email,
            @RequestParam(name = "emailVerified", defaultValue = "false") boolean emailVerified) {
        UserAccount.Profile profile = profile(name, email, emailVerified);
        try {
            UserWithPassword created = users.create(principal.getName(), username, password, admin, profile);
            if (created.generatedPassword() != null) {
                return showPassword(model, created, "created");
            }
            return "redirect:/admin/users?created=" + created.user().id();
        }
        catch (InvalidUserException ex) {
            return listWithProblems(model, ex.problems(), username, admin, profile);
        }
        catch (UsernameTakenException ex) {
            return listWithProblems(model, Map.of("username", ex.getMessage()), username, admin, profile);
        }
    }

    @GetMapping("/{id}/profile")
    String profileForm(Model model, @PathVariable String id) {
        UserAccount user = find(id);
        return profilePage(model, user, user.profile(), Map.of());
    }

    @PostMapping("/{id}/profile")
    String updateProfile(Principal principal, Model model, @PathVariable String id,
            @RequestParam(name = "name", defaultValue = "") String name,
            @RequestParam(name = "email", defaultValue = "") String email,
            @RequestParam(name = "emailVerified", defaultValue = "false") boolean emailVerified,
            RedirectAttributes redirect) {
        UserAccount user = find(id);
        UserAccount.Profile profile = profile(name, email, emailVerified);
        try {
            users.updateProfile(principal.getName(), id, profile).orElseThrow(() -> notFound(id));
            redirect.addFlashAttribute("notice", "Saved the profile of '" + user.username() + "'.");
            return "redirect:/admin/users";
        }
        catch (InvalidUserException ex) {
            return profilePage(model, user, profile, ex.problems());
        }
    }

    @GetMapping("/{id}/password")
    String confirmPasswordReset(Model model, @PathVariable String id) {
        UserAccount user = find(id);
        return new ConfirmPage("Reset the password of " + user.username(), "A new password is generated and shown "
                + "once; give it to " + user.username() + " over a safe channel. The current password stops working "
                + "and their sign-in sessions end.", "/admin/users/" + id + "/password", "Reset password",
                "/admin/users")
            .show(model, SECTION);
    }

    @PostMapping("/{id}/password")
    String resetPassword(Principal principal, Model model, @PathVariable String id) {
        UserWithPassword reset = users.resetPassword(principal.getName(), id, null).orElseThrow(() -> notFound(id));
        return showPassword(model, reset, "reset");
    }

    @GetMapping("/{id}/disable")
    String confirmDisable(Model model, @PathVariable String id) {
        UserAccount user = find(id);
        return new ConfirmPage("Disable " + user.username(), user.username() + " can no longer sign in. Their "
                + "sign-in sessions end and every grant they gave is revoked: applications lose their tokens now.",
                "/admin/users/" + id + "/disable", "Disable user", "/admin/users")
            .show(model, SECTION);
    }

    @PostMapping("/{id}/disable")
    String disable(Principal principal, @PathVariable String id, RedirectAttributes redirect) {
        return change(redirect, () -> users.setEnabled(principal.getName(), id, false).orElseThrow(() -> notFound(id)),
                "Disabled '%s': their grants are revoked and their sessions ended.");
    }

    @PostMapping("/{id}/enable")
    String enable(Principal principal, @PathVariable String id, RedirectAttributes redirect) {
        return change(redirect, () -> users.setEnabled(principal.getName(), id, true).orElseThrow(() -> notFound(id)),
                "Enabled '%s': they can sign in again.");
    }

    @PostMapping("/{id}/admin")
    String setAdmin(Principal principal, @PathVariable String id, @RequestParam("admin") boolean admin,
            RedirectAttributes redirect) {
        return change(redirect, () -> users.setAdmin(principal.getName(), id, admin).orElseThrow(() -> notFound(id)),
                admin ? "'%s' now has the admin role." : "'%s' no longer has the admin role.");
    }

    @GetMapping("/{id}/delete")
    String confirmDelete(Model model, @PathVariable String id) {
        UserAccount user = find(id);
        return new ConfirmPage("Delete " + user.username(), "The account '" + user.username() + "' is removed, with "
                + "its remembered consents. Every grant it gave is revoked and its sessions end. This cannot be undone.",
                "/admin/users/" + id + "/delete", "Delete user", "/admin/users")
            .show(model, SECTION);
    }

    @PostMapping("/{id}/delete")
    String delete(Principal principal, @PathVariable String id, RedirectAttributes redirect) {
        String username = find(id).username();
        try {
            users.delete(principal.getName(), id);
            redirect.addFlashAttribute("notice", "Deleted '" + username + "' and revoked their grants.");
        }
        catch (AdministrationRefusedException ex) {
            redirect.addFlashAttribute("alert", ex.getMessage());
        }
        return "redirect:/admin/users";
    }

    private String change(RedirectAttributes redirect, Supplier<UserAccount> change, String notice) {
        try {
            UserAccount user = change.get();
            redirect.addFlashAttribute("notice", String.format(notice, user.username()));
        }
        catch (AdministrationRefusedException ex) {
            redirect.addFlashAttribute("alert", ex.getMessage());
        }
        return "redirect:/admin/users";
    }

    private String showPassword(Model model, UserWithPassword user, String event) {
        model.addAttribute("section", SECTION);
        model.addAttribute("user", user.user());
        model.addAttribute("password", user.generatedPassword());
        model.addAttribute("event", event);
        return "admin/users/password";
    }

    private String listWithProblems(Model model, Map<String, String> problems, String username, boolean admin,
            UserAccount.Profile profile) {
        list(model);
        model.addAttribute("problems", List.copyOf(problems.values()));
        model.addAttribute("fieldProblems", byField(problems));
        model.addAttribute("newUsername", username);
        model.addAttribute("newAdmin", admin);
        model.addAttribute("newProfile", profile);
        return "admin/users/list";
    }

    private String profilePage(Model model, UserAccount user, UserAccount.Profile profile,
            Map<String, String> problems) {
        model.addAttribute("section", SECTION);
        model.addAttribute("user", user);
        model.addAttribute("profile", profile);
        model.addAttribute("problems", List.copyOf(problems.values()));
        model.addAttribute("fieldProblems", byField(problems));
        return "admin/users/profile";
    }

    /** The shape of the layout's {@code fieldErrors} fragment: messages by field. */
    private static Map<String, List<String>> byField(Map<String, String> problems) {
        Map<String, List<String>> byField = new LinkedHashMap<>();
        problems.forEach((field, message) -> byField.put(field, List.of(message)));
        return byField;
    }

    /** A form's profile: blank fields are unknown ({@code null}), not empty strings. */
    private static UserAccount.Profile profile(String name, String email, boolean emailVerified) {
        return new UserAccount.Profile(name.isBlank() ? null : name.strip(), email.isBlank() ? null : email.strip(),
                emailVerified);
    }

    private UserAccount find(String id) {
        return users.find(id).orElseThrow(() -> notFound(id));
    }

    private static ResponseStatusException notFound(String id) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "no user has id '" + id + "'");
    }
}
