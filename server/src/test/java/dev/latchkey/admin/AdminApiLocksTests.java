package dev.latchkey.admin;

import static dev.latchkey.admin.AdminApi.list;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import dev.latchkey.guard.GuardWorld;
import dev.latchkey.support.Database;
import dev.latchkey.support.LatchkeyServer;
import dev.latchkey.support.OAuthClient.Response;

/** The management API's view of the brute-force guards: what is held back, and its release. */
@ParameterizedClass
@EnumSource(Database.class)
class AdminApiLocksTests {

    @Parameter
    Database database;

    LatchkeyServer server() {
        return GuardWorld.server(database);
    }

    @Test
    void lockedAccountIsListedAndReleasedOnceWithAnAuditEvent() throws InterruptedException {
        String account = GuardWorld.newAccount(server(), "the-right-password-1", false);
        GuardWorld.failSignInsUntilLocked(server(), account);
        AdminApi api = AdminApi.asRobot(server());

        Map<String, Object> lock = lockOf(api, account);
        assertThat(lock).containsEntry("kind", "account").containsEntry("locked", true)
            .containsKeys("failures", "held_back_until", "first_failure_at", "last_failure_at");
        assertThat((String) lock.get("key")).matches("[0-9a-f]{64}");

        Response released = api.delete("/admin/api/locks/account/" + lock.get("key"));
        assertThat(released.status()).as(released.toString()).isEqualTo(204);
        assertThat(list(api.get("/admin/api/locks"))).extracting(one -> one.get("name")).doesNotContain(account);
        assertThat(list(api.get("/admin/api/audit-events?category=change")))
            .anySatisfy(event -> assertThat(event).containsEntry("action", "account.released")
                .containsEntry("target", account)
                .containsEntry("actor", "client:" + AdminWorld.ROBOT));
        Response again = api.delete("/admin/api/locks/account/" + lock.get("key"));
        assertThat(again.status()).as(again.toString()).isEqualTo(404);
        assertThat(again.json()).containsEntry("error", "not_found");
        assertThat(server().client().forwardedFor(GuardWorld.newAddress()).login(account, "the-right-password-1")
            .header("Location")).as("signs in again").doesNotContain("/login");
    }

    @Test
    void releaseOfSomethingThatIsNoLockIsRefusedSayingWhyAndReleasesNothing() {
        AdminApi api = AdminApi.asRobot(server());
        int before = list(api.get("/admin/api/locks")).size();

        Response badKind = api.delete("/admin/api/locks/everything/" + "0".repeat(64));
        assertThat(badKind.status()).as(badKind.toString()).isEqualTo(400);
        assertThat(AdminApi.problems(badKind)).extracting(problem -> problem.get("field")).containsExactly("kind");
        Response badKey = api.delete("/admin/api/locks/client/not-a-key");
        assertThat(badKey.status()).as(badKey.toString()).isEqualTo(400);
        assertThat(AdminApi.problems(badKey)).extracting(problem -> problem.get("field")).containsExactly("key");
        Response unknown = api.delete("/admin/api/locks/address/" + "0".repeat(64));
        assertThat(unknown.status()).as(unknown.toString()).isEqualTo(404);

        assertThat(list(api.get("/admin/api/locks"))).hasSizeGreaterThanOrEqualTo(before);
    }

    private static Map<String, Object> lockOf(AdminApi api, String name) {
        List<Map<String, Object>> locks = list(api.get("/admin/api/locks"));
        return locks.stream()
            .filter(one -> name.equals(one.get("name")))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no lock for " + name + " in " + locks));
    }
}
