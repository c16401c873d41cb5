package dev.latchkey.admin;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

import org.springframework.stereotype.Service;

import dev.latchkey.authorization.GrantRevokedEvent.Cause;
import dev.latchkey.authorization.GrantSelector;
import dev.latchkey.authorization.GrantStore;
import dev.latchkey.client.Application;
import dev.latchkey.client.ApplicationService;
import dev.latchkey.client.ApplicationService.SavedApplication;
import dev.latchkey.client.ApplicationValidator;
import dev.latchkey.client.FieldProblem;
import dev.latchkey.client.InvalidApplicationException;
import dev.latchkey.consent.JdbcConsentService;

/**
 * Application changes made by operators, through the console or the management API: validated with the
 * rules of every application plus the stricter redirect URI policy, and each recorded in the audit log.
 * Deleting an application revokes its grants first, so its JWT access tokens die with it.
 */
@Service
public class ApplicationAdministration {

    private final ApplicationService applications;

    private final GrantStore grants;

    private final JdbcConsentService consents;

    private final AuditLog audit;

    public ApplicationAdministration(ApplicationService applications, GrantStore grants, JdbcConsentService consents,
            AuditLog audit) {
        this.applications = applications;
        this.grants = grants;
        this.consents = consents;
        this.audit = audit;
    }

    /** Applications whose name or client id contains {@code query} (ignoring case); all when it is blank. */
    public List<Application> search(String query) {
        String needle = query == null ? "" : query.strip().toLowerCase(Locale.ROOT);
        return applications.findAll()
            .stream()
            .filter(app -> needle.isEmpty() || app.clientId().toLowerCase(Locale.ROOT).contains(needle)
                    || app.name().toLowerCase(Locale.ROOT).contains(needle))
            .toList();
    }

    public Optional<Application> find(String clientId) {
        return applications.find(clientId);
    }

    public int count() {
        return applications.findAll().size();
    }

    /**
     * @throws InvalidApplicationException listing every invalid field
     * @throws dev.latchkey.client.ApplicationExistsException when the client id is taken
     */
    public SavedApplication create(String actor, Application app) {
        refuseInvalid(app, null);
        SavedApplication saved = applications.create(app);
        audit.change(actor, "application.created", app.clientId(), describe(saved.application()));
        return saved;
    }

    /**
     * Changes every field but the secret; a public application that becomes confidential gets a secret,
     * returned once in the result.
     */
    public Optional<SavedApplication> update(String actor, Application changed) {
        return applications.find(changed.clientId()).map(existing -> {
            refuseInvalid(changed, existing);
            SavedApplication saved = applications
                .save(changed.withSecretHash(existing.secretHash(), existing.secretCreatedAt()), null);
            audit.change(actor, "application.updated", changed.clientId(), describe(saved.application())
                    + (saved.issuedSecret() != null ? "; a secret was generated" : ""));
            return saved;
        });
    }

    /** @throws AdministrationRefusedException for a public application, which has no secret */
    public Optional<SavedApplication> rotateSecret(String actor, String clientId) {
        Optional<Application> existing = applications.find(clientId);
        if (existing.isPresent() && existing.get().isPublic()) {
            throw new AdministrationRefusedException("'" + clientId + "' is a public application: it has no secret "
                    + "to rotate");
        }
        return existing.flatMap(app -> applications.rotateSecret(clientId)).map(saved -> {
            audit.change(actor, "application.secret-rotated", clientId, "the previous secret no longer works");
            return saved;
        });
    }

    public boolean delete(String actor, String clientId) {
        if (applications.find(clientId).isEmpty()) {
            return false;
        }
        int revoked = grants.revoke(GrantSelector.byApplication(clientId), Cause.OPERATOR,
                "the application was deleted by " + actor);
        consents.removeAllOfClient(clientId);
        applications.delete(clientId);
        audit.change(actor, "application.deleted", clientId, revoked + " grant(s) revoked");
        return true;
    }

    /** @param existing the application as it is now, whose URIs are kept as they are; {@code null} for a new one */
    private static void refuseInvalid(Application app, Application existing) {
        List<FieldProblem> problems = new ArrayList<>(ApplicationValidator.validate(app, null));
        problems.addAll(ApplicationValidator.redirectUriPolicyProblems(app.redirectUris(),
                existing == null ? List.of() : existing.redirectUris()));
        problems.addAll(ApplicationValidator.redirectUriPolicyProblems("post_logout_redirect_uris",
                app.postLogoutRedirectUris(), existing == null ? List.of() : existing.postLogoutRedirectUris()));
        if (!problems.isEmpty()) {
            throw new InvalidApplicationException(problems);
        }
    }

    private static String describe(Application app) {
        return app.type().value() + "; grant types " + listed(app.grantTypes()) + "; scopes " + listed(app.scopes())
                + "; redirect URIs " + listed(app.redirectUris()) + "; skip authorization " + app.skipAuthorization();
    }

    private static String listed(Collection<String> values) {
        return values.isEmpty() ? "none" : String.join(" ", values instanceof List ? values : new TreeSet<>(values));
    }
}
