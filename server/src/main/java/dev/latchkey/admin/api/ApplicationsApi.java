package dev.latchkey.admin.api;

import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.Map;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.latchkey.admin.ApplicationAdministration;
import dev.latchkey.client.Application;
import dev.latchkey.client.ApplicationService.SavedApplication;
import dev.latchkey.settings.TokenSettings;

/**
 * {@code /admin/api/applications}: register, read, replace, delete applications and rotate their secrets.
 * A secret appears in a response only when it was just generated (creation, rotation, or a public
 * application made confidential), never again.
 */
@RestController
@RequestMapping("/admin/api/applications")
class ApplicationsApi {

    private final ApplicationAdministration applications;

    private final TokenSettings tokenDefaults;

    ApplicationsApi(ApplicationAdministration applications, TokenSettings tokenDefaults) {
        this.applications = applications;
        this.tokenDefaults = tokenDefaults;
    }

    @GetMapping
    List<Map<String, Object>> list(@RequestParam(name = "q", required = false) String query) {
        return applications.search(query).stream().map(app -> ApplicationJson.write(app, null)).toList();
    }

    @GetMapping("/{clientId}")
    Map<String, Object> get(@PathVariable String clientId) {
        return ApplicationJson.write(find(clientId), null);
    }

    @PostMapping
    ResponseEntity<Map<String, Object>> create(Principal principal, @RequestBody Map<String, Object> body) {
        Application app = ApplicationJson.read(body, null, tokenDefaults);
        SavedApplication saved = applications.create(ApiActor.of(principal), app);
        return ResponseEntity.created(URI.create("/admin/api/applications/" + app.clientId()))
            .body(ApplicationJson.write(saved.application(), saved.issuedSecret()));
    }

    @PutMapping("/{clientId}")
    Map<String, Object> replace(Principal principal, @PathVariable String clientId,
            @RequestBody Map<String, Object> body) {
        find(clientId);
        Application app = ApplicationJson.read(body, clientId, tokenDefaults);
        SavedApplication saved = applications.update(ApiActor.of(principal), app).orElseThrow(() -> notFound(clientId));
        return ApplicationJson.write(saved.application(), saved.issuedSecret());
    }

    @PostMapping("/{clientId}/secret")
    Map<String, Object> rotateSecret(Principal principal, @PathVariable String clientId) {
        SavedApplication saved = applications.rotateSecret(ApiActor.of(principal), clientId)
            .orElseThrow(() -> notFound(clientId));
        return ApplicationJson.write(saved.application(), saved.issuedSecret());
    }

    @DeleteMapping("/{clientId}")
    ResponseEntity<Void> delete(Principal principal, @PathVariable String clientId) {
        if (!applications.delete(ApiActor.of(principal), clientId)) {
            throw notFound(clientId);
        }
        return ResponseEntity.noContent().build();
    }

    private Application find(String clientId) {
        return applications.find(clientId).orElseThrow(() -> notFound(clientId));
    }

    private static NotFoundException notFound(String clientId) {
        return new NotFoundException("no application has client_id '" + clientId + "'");
    }
}
