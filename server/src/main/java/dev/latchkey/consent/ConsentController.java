package dev.latchkey.consent;

import java.security.Principal;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.latchkey.client.Application;
import dev.latchkey.client.ApplicationService;
import dev.latchkey.protocol.Endpoints;

/**
 * The consent page the authorization endpoint sends a user to: which application asks for which
 * scopes, approve or deny. The form posts back to the authorization endpoint, which checks the
 * one-time {@code state} it issued for this user.
 */
@Controller
public class ConsentController {

    private final ApplicationService applications;

    private final OAuth2AuthorizationConsentService consents;

    public ConsentController(ApplicationService applications, OAuth2AuthorizationConsentService consents) {
        this.applications = applications;
        this.consents = consents;
    }

    @GetMapping("/consent")
    String consent(Principal principal, Model model, @RequestParam(name = "client_id") String clientId,
            @RequestParam(name = "scope", defaultValue = "") String scope, @RequestParam(name = "state") String state) {
        Application application = applications.find(clientId).orElse(null);
        if (application == null) {
            model.addAttribute("error", "invalid_request");
            model.addAttribute("description", "client_id '" + clientId + "' is not a registered application");
            return "oauth-error";
        }
        Set<String> requested = new LinkedHashSet<>(Arrays.asList(scope.trim().split(" +")));
        requested.remove("");
        model.addAttribute("openid", requested.remove(OidcScopes.OPENID));
        OAuth2AuthorizationConsent previous = consents.findById(clientId, principal.getName());
        Set<String> alreadyGranted = previous == null ? Set.of() : previous.getScopes();
        Set<String> toApprove = new LinkedHashSet<>(requested);
        toApprove.removeAll(alreadyGranted);
        // Not "application": Thymeleaf reserves that name for the servlet context's attributes.
        model.addAttribute("client", application);
        model.addAttribute("username", principal.getName());
        model.addAttribute("state", state);
        model.addAttribute("scopesToApprove", toApprove);
        model.addAttribute("scopesAlreadyGranted", alreadyGranted);
        model.addAttribute("authorizationEndpoint", Endpoints.AUTHORIZATION);
        return "consent";
    }
}
