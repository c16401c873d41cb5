package dev.latchkey.admin.console;

import java.security.Principal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.latchkey.admin.AdministrationRefusedException;
import dev.latchkey.admin.ApplicationAdministration;
import dev.latchkey.client.Application;
import dev.latchkey.client.ApplicationExistsException;
import dev.latchkey.client.ApplicationService.SavedApplication;
import dev.latchkey.client.FieldProblem;
import dev.latchkey.client.InvalidApplicationException;
import dev.latchkey.settings.TokenSettings;
import dev.latchkey.settings.TokenSettings.AccessTokenFormat;

/**
 * Applications in the console: list and search, create, edit, rotate the secret, delete. A generated
 * secret is rendered in the response to the POST that created it (never stored, not even in the session
 * for a redirect) and never shown again.
 */
@Controller
@RequestMapping("/admin/applications")
class ApplicationsController {

    private static final String SECTION = "applications";

    private final ApplicationAdministration applications;

    private final TokenSettings tokenDefaults;

    ApplicationsController(ApplicationAdministration applications, TokenSettings tokenDefaults) {
        this.applications = applications;
        this.tokenDefaults = tokenDefaults;
    }

    @GetMapping
    String list(Model model, @RequestParam(name = "q", defaultValue = "") String query) {
        model.addAttribute("section", SECTION);
        model.addAttribute("query", query);
        model.addAttribute("applications", applications.search(query));
        return "admin/applications/list";
    }

    @GetMapping("/new")
    String newForm(Model model) {
        return form(model, ApplicationForm.withDefaults(tokenDefaults), null, List.of());
    }

    @PostMapping("/new")
    String create(Principal principal, Model model, @ModelAttribute("form") ApplicationForm form) {
        List<FieldProblem> problems = new ArrayList<>();
        Application app = form.toApplication(problems);
        if (!problems.isEmpty()) {
            return form(model, form, null, problems);
        }
        try {
            SavedApplication saved = applications.create(principal.getName(), app);
            return showSecretOrEdit(model, saved, "created");
        }
        catch (InvalidApplicationException ex) {
            return form(model, form, null, ex.problems());
        }
        catch (ApplicationExistsException ex) {
            return form(model, form, null, List.of(new FieldProblem("client_id", ex.getMessage()
                    + ": choose another client id, or edit the existing application")));
        }
    }

    @GetMapping("/{clientId}")
    String edit(Model model, @PathVariable String clientId) {
        Application app = find(clientId);
        return form(model, ApplicationForm.of(app), app, List.of());
    }

    @PostMapping("/{clientId}")
    String update(Principal principal, Model model, @PathVariable String clientId,
            @ModelAttribute("form") ApplicationForm form, RedirectAttributes redirect) {
        Application existing = find(clientId);
        form.setClientId(clientId);
        List<FieldProblem> problems = new ArrayList<>();
        Application app = form.toApplication(problems);
        if (!problems.isEmpty()) {
            return form(model, form, existing, problems);
        }
        try {
            SavedApplication saved = applications.update(principal.getName(), app).orElseThrow(() -> notFound(clientId));
            if (saved.issuedSecret() != null) {
                return showSecretOrEdit(model, saved, "made confidential");
            }
            redirect.addFlashAttribute("notice", "Saved application '" + app.name() + "'.");
            return "redirect:/admin/applications/" + clientId;
        }
        catch (InvalidApplicationException ex) {
            return form(model, form, existing, ex.problems());
        }
    }

    @GetMapping("/{clientId}/secret")
    String confirmRotation(Model model, @PathVariable String clientId) {
        Application app = find(clientId);
        return new ConfirmPage("Rotate the secret of " + app.name(), "A new secret is generated and shown once. "
                + "The current secret stops working immediately: update the application's configuration right away.",
                "/admin/applications/" + clientId + "/secret", "Rotate secret", "/admin/applications/" + clientId)
            .show(model, SECTION);
    }

    @PostMapping("/{clientId}/secret")
    String rotate(Principal principal, Model model, @PathVariable String clientId, RedirectAttributes redirect) {
        try {
            SavedApplication saved = applications.rotateSecret(principal.getName(), clientId)
                .orElseThrow(() -> notFound(clientId));
            return showSecretOrEdit(model, saved, "rotated");
        }
        catch (AdministrationRefusedException ex) {
            redirect.addFlashAttribute("alert", ex.getMessage());
            return "redirect:/admin/applications/" + clientId;
        }
    }

    @GetMapping("/{clientId}/delete")
    String confirmDeletion(Model model, @PathVariable String clientId) {
        Application app = find(clientId);
        return new ConfirmPage("Delete " + app.name(), "The application '" + clientId + "' is removed. Its grants are "
                + "revoked: every user's tokens for it stop working now, and sign-ins through it fail.",
                "/admin/applications/" + clientId + "/delete", "Delete application", "/admin/applications/" + clientId)
            .show(model, SECTION);
    }

    @PostMapping("/{clientId}/delete")
    String delete(Principal principal, @PathVariable String clientId, RedirectAttributes redirect) {
        if (!applications.delete(principal.getName(), clientId)) {
            throw notFound(clientId);
        }
        redirect.addFlashAttribute("notice", "Deleted application '" + clientId + "' and revoked its grants.");
        return "redirect:/admin/applications";
    }

    private String showSecretOrEdit(Model model, SavedApplication saved, String event) {
        if (saved.issuedSecret() == null) {
            return "redirect:/admin/applications/" + saved.application().clientId() + "?" + event;
        }
        model.addAttribute("section", SECTION);
        model.addAttribute("app", saved.application());
        model.addAttribute("secret", saved.issuedSecret());
        model.addAttribute("event", event);
        return "admin/applications/secret";
    }

    private String form(Model model, ApplicationForm form, Application existing, List<FieldProblem> problems) {
        Map<String, List<String>> byField = new LinkedHashMap<>();
        problems.forEach(problem -> byField.computeIfAbsent(problem.field(), field -> new ArrayList<>())
            .add(problem.message()));
        model.addAttribute("section", SECTION);
        model.addAttribute("form", form);
        model.addAttribute("existing", existing);
        model.addAttribute("problems", problems);
        model.addAttribute("fieldProblems", byField);
        model.addAttribute("defaultAccessToken", tokenDefaults.accessTokenFormat() == AccessTokenFormat.REFERENCE
                ? "reference" : "JWT " + tokenDefaults.accessTokenSigningAlgorithm());
        model.addAttribute("defaultJwtAlgorithm", tokenDefaults.accessTokenSigningAlgorithm());
        return "admin/applications/form";
    }

    private Application find(String clientId) {
        return applications.find(clientId).orElseThrow(() -> notFound(clientId));
    }

    private static ResponseStatusException notFound(String clientId) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "no application has client_id '" + clientId + "'");
    }
}
