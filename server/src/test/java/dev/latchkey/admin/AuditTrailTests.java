package dev.latchkey.admin;

import static dev.latchkey.admin.AdminApi.list;
import static dev.latchkey.admin.AdminApi.problems;
import static dev.latchkey.admin.AdminWorld.ADMIN;
import static dev.latchkey.admin.AdminWorld.ADMIN_PASSWORD;
import static dev.latchkey.support.TestWorld.ALICE;
import static dev.latchkey.support.TestWorld.ALICE_PASSWORD;
import static dev.latchkey.support.TestWorld.BACKEND;
import static dev.latchkey.support.TestWorld.BACKEND_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.latchkey.support.Database;
import dev.latchkey.support.LatchkeyServer;
import dev.latchkey.support.OAuthClient;
import dev.latchkey.support.OAuthClient.Response;
import dev.latchkey.support.PkcePair;

/**
 * The audit trail filtered by time, actor, application and type in the management API and the console, paged
 * without gaps; a filter that cannot be read is a 400 naming it; each event is one {@code latchkey.audit} log line
 * with its fields and no secret.
 */
@ParameterizedClass
@EnumSource(Database.class)
@ExtendWith(OutputCaptureExtension.class)
class AuditTrailTests {

    private static final Instant BASE = Instant.parse("2026-06-01T12:00:00Z");

    @Parameter
    Database database;

    LatchkeyServer server() {
        return AdminWorld.server(database);
    }

    @Test
    void listWhenFilteredByTimeActorApplicationAndTypeThenOnlyMatchingEvents() {
        String actor = "auditor-" + UUID.randomUUID();
        String app = "audited-app-" + UUID.randomUUID();
        insert(actor, "application.updated", app, BASE);
        insert(actor, "application.updated", app, BASE.plus(1, ChronoUnit.HOURS));
        insert(actor, "user.enabled", app, BASE.plus(2, ChronoUnit.HOURS));
        insert(actor, "application.deleted", "other-" + app, BASE.plus(3, ChronoUnit.HOURS));
        insert("someone-else-" + actor, "application.updated", app, BASE.plus(4, ChronoUnit.HOURS));
        AdminApi api = AdminApi.asRobot(server());

        assertThat(actions(api.get("/admin/api/audit-events?actor=" + actor)))
            .containsExactly("application.deleted", "user.enabled", "application.updated", "application.updated");
        assertThat(actions(api.get("/admin/api/audit-events?client_id=" + app)))
            .as("a user named like the application is no event about it")
            .containsExactly("application.updated", "application.updated", "application.updated");
        assertThat(actions(api.get("/admin/api/audit-events?actor=" + actor + "&type=application.deleted")))
            .containsExactly("application.deleted");
        assertThat(list(api.get("/admin/api/audit-events?actor=" + actor + "&from=2026-06-01T13:00:00Z&to="
                + "2026-06-01T15:00:00Z")))
            .extracting(event -> event.get("occurred_at"))
            .containsExactly("2026-06-01T14:00:00Z", "2026-06-01T13:00:00Z");
        assertThat(list(api.get("/admin/api/audit-events?actor=" + actor + "&from=2026-06-01&to=2026-06-02"))).hasSize(4);
        assertThat(list(api.get("/admin/api/audit-events?actor=" + actor + "&to=2026-06-01"))).isEmpty();
        assertThat(list(api.get("/admin/api/audit-events?client_id=" + app + "&category=change&limit=1")).get(0))
            .containsEntry("client_id", app)
            .containsEntry("actor", "someone-else-" + actor);
    }

    @Test
    void listWhenPagedWithBeforeThenEveryEventOnceInOrder() {
        String actor = "pager-" + UUID.randomUUID();
        for (int i = 0; i < 5; i++) {
            // Two events per instant: the page boundary falls between events that occurred at the same time.
            insert(actor, "user.enabled", "user-" + i, BASE.plus(i / 2, ChronoUnit.MINUTES));
        }
        AdminApi api = AdminApi.asRobot(server());
        List<String> seen = new ArrayList<>();
        String next = "";
        for (int page = 0; page < 5; page++) {
            List<Map<String, Object>> events = list(api.get("/admin/api/audit-events?actor=" + actor + "&limit=2" + next));
            events.forEach(event -> seen.add((String) event.get("target")));
            if (events.size() < 2) {
                break;
            }
            next = "&before=" + events.get(events.size() - 1).get("id");
        }
        assertThat(seen).containsExactly("user-4", "user-3", "user-2", "user-1", "user-0");
    }

    @Test
    void listWhenAFilterCannotBeReadThen400NamingItAndNothingElse() {
        AdminApi api = AdminApi.asRobot(server());
        Map<String, String> refused = Map.of("from=yesterday", "from", "to=2026-02-30", "to",
                "from=2026-06-02&to=2026-06-01", "to", "type=DROP%20TABLE", "type", "category=bogus", "category",
                "before=-3", "before", "limit=1001", "limit", "actor=" + "a".repeat(201), "actor", "client_id=a%01b",
                "client_id", "from=%2B1000000000-01-01T00:00:00Z", "from");
        refused.forEach((query, field) -> {
            Response response = api.get("/admin/api/audit-events?" + query);
            assertThat(response.status()).as(query).isEqualTo(400);
            assertThat(response.jsonString("error")).as(query).isEqualTo("invalid_request");
            assertThat(problems(response)).as(query).extracting(problem -> problem.get("field")).containsExactly(field);
            assertThat(response.body()).as(query).doesNotContain("Exception");
        });
    }

    @Test
    void consolePageWhenFilteredThenShowsOnlyMatchingEventsAndA400ForABadFilter() {
        String actor = "console-auditor-" + UUID.randomUUID();
        insert(actor, "user.enabled", "visible-" + actor, BASE);
        insert(actor, "user.disabled", "hidden-" + actor, BASE);
        OAuthClient admin = server().signedInClient(ADMIN, ADMIN_PASSWORD);

        Response filtered = admin.get("/admin/audit?actor=" + actor + "&type=user.enabled&from=2026-06-01",
                Map.of("Accept", "text/html"));
        assertThat(filtered.status()).isEqualTo(200);
        assertThat(filtered.body()).contains("visible-" + actor).doesNotContain("hidden-" + actor);

        Response refused = admin.get("/admin/audit?from=last-tuesday&actor=" + actor, Map.of("Accept", "text/html"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("from: must be an instant such as 2026-12-01T09:30:00Z")
            .doesNotContain("visible-" + actor);
    }

    @Test
    void eventsWhenRecordedThenOneAuditLogLineEachWithItsFieldsAndNoSecret(CapturedOutput output) {
        String wrongPassword = "not-" + ALICE_PASSWORD + "-" + UUID.randomUUID();
        String typedName = "maybe-a-password-" + UUID.randomUUID();
        String wrongSecret = "wrong-secret-" + UUID.randomUUID();
        server().client().login(ALICE, wrongPassword);
        server().client().login(typedName, "whatever-password");
        server().client().postWithBasic("/o/token/", BACKEND, wrongSecret, Map.of("grant_type", "client_credentials"));
        String token = server().client()
            .postWithBasic("/o/token/", BACKEND, BACKEND_SECRET, Map.of("grant_type", "client_credentials"))
            .jsonString("access_token");
        String grant = server().jdbc()
            .sql("SELECT id FROM oauth_authorization WHERE access_token_hash = ?")
            .param(PkcePair.sha256Hex(token))
            .query(String.class)
            .single();
        assertThat(AdminApi.asRobot(server()).delete("/admin/api/grants/" + grant).status()).isEqualTo(204);

        List<String> lines = output.getOut().lines().filter(line -> line.contains("latchkey.audit")).toList();
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("audit event=login.failed category=security "
                + "outcome=failure actor=alice subject=alice address=127.0.0.1 detail=\"wrong password\""));
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("event=login.failed").contains(
                "actor=\"(unknown user)\"").contains("detail=\"no account has the name that was typed\""));
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("event=client.authentication-failed "
                + "category=security outcome=failure actor=" + BACKEND + " client=" + BACKEND + " address=127.0.0.1"));
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("event=grant.revoked category=change "
                + "outcome=success actor=client:" + AdminWorld.ROBOT + " client=" + BACKEND));
        assertThat(output.getAll()).doesNotContain(wrongPassword, typedName, wrongSecret, BACKEND_SECRET, token);
    }

    private void insert(String actor, String action, String target, Instant at) {
        server().jdbc()
            .sql("INSERT INTO audit_event (occurred_at, category, actor, action, target) VALUES (?, 'change', ?, ?, ?)")
            .params(at.atOffset(ZoneOffset.UTC), actor, action, target)
            .update();
    }

    private static List<Object> actions(Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return list(response).stream().map(event -> event.get("action")).toList();
    }
}
