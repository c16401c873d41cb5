package dev.latchkey.ops;

import static dev.latchkey.ops.HousekeepingWorld.ago;
import static dev.latchkey.ops.HousekeepingWorld.clientCredentialsToken;
import static dev.latchkey.ops.HousekeepingWorld.count;
import static dev.latchkey.ops.HousekeepingWorld.expire;
import static dev.latchkey.ops.HousekeepingWorld.grantOfAccessToken;
import static dev.latchkey.support.TestWorld.ALICE;
import static dev.latchkey.support.TestWorld.ALICE_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import dev.latchkey.admin.AdminWorld;
import dev.latchkey.support.Database;
import dev.latchkey.support.LatchkeyServer;
import dev.latchkey.support.OAuthClient;
import dev.latchkey.support.OAuthClient.Response;
import dev.latchkey.support.PkcePair;
import dev.latchkey.support.TestDatabases;

import tools.jackson.databind.json.JsonMapper;

/**
 * Housekeeping on demand: the console's "Purge expired data now" (admins only, with CSRF), the management API's
 * {@code POST /admin/api/housekeeping} and {@code latchkey purge}, each audit-logged, each refusing to run beside
 * a run that holds the lease.
 */
@ParameterizedClass
@EnumSource(Database.class)
class PurgeOnDemandTests {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    @Parameter
    Database database;

    private LatchkeyServer server() {
        return HousekeepingWorld.server(database);
    }

    @Test
    void consoleButtonPurgesShowsTheCountsPerTableAndIsAuditLogged() {
        server().bean(Housekeeping.class).purge();
        String expired = expiredToken();
        OAuthClient admin = server().signedInClient(AdminWorld.ADMIN, AdminWorld.ADMIN_PASSWORD);
        Response page = admin.get("/admin/doctor", Map.of("Accept", "text/html"));
        assertThat(page.body()).contains("Purge expired data now");

        Response purged = admin.submit("/admin/doctor/purge", Map.of("_csrf", csrf(page)));

        assertThat(purged.status()).isEqualTo(302);
        assertThat(purged.header("Location")).endsWith("/admin/doctor");
        String after = admin.get("/admin/doctor", Map.of("Accept", "text/html")).body();
        assertThat(after).contains("Housekeeping ran: 1 row(s) purged").contains("id=\"purged-oauth_authorization\"");
        assertThat(cell(after, "oauth_authorization")).isEqualTo("1");
        assertThat(cell(after, "spring_session")).isEqualTo("0");
        assertThat(tokenStored(expired)).isZero();
        assertThat(count(server(), "SELECT COUNT(*) FROM audit_event WHERE action = 'housekeeping.purged' AND actor = ? "
                + "AND detail LIKE '1 row(s) purged: oauth_authorization 1,%'", AdminWorld.ADMIN)).isEqualTo(1);
    }

    @Test
    void consolePurgeIsRefusedToNonAdminsAndWithoutCsrf() {
        String expired = expiredToken();
        OAuthClient alice = server().signedInClient(ALICE, ALICE_PASSWORD);
        Response aliceTry = alice.submit("/admin/doctor/purge", Map.of("_csrf",
                csrf(alice.get("/", Map.of("Accept", "text/html")))));
        assertThat(aliceTry.status()).isEqualTo(403);
        OAuthClient admin = server().signedInClient(AdminWorld.ADMIN, AdminWorld.ADMIN_PASSWORD);
        assertThat(admin.submit("/admin/doctor/purge", Map.of()).status()).isEqualTo(403);
        assertThat(server().client().submit("/admin/doctor/purge", Map.of()).status()).isIn(302, 403);

        assertThat(tokenStored(expired)).as("nothing purged").isEqualTo(1);
    }

    @Test
    void consoleSaysSoWhenAnotherRunHoldsTheLease() {
        String expired = expiredToken();
        OAuthClient admin = server().signedInClient(AdminWorld.ADMIN, AdminWorld.ADMIN_PASSWORD);
        String csrf = csrf(admin.get("/admin/doctor", Map.of("Accept", "text/html")));
        holdLease();
        try {
            admin.submit("/admin/doctor/purge", Map.of("_csrf", csrf));
            assertThat(admin.get("/admin/doctor", Map.of("Accept", "text/html")).body())
                .contains("another housekeeping run (node-b) holds the lease");
            Response api = admin.post("/admin/api/housekeeping", Map.of(), Map.of("Authorization", "Bearer " + robot()));
            assertThat(api.status()).isEqualTo(409);
            assertThat(api.json()).containsEntry("error", "conflict");
            assertThat(api.jsonString("error_description")).contains("(node-b) holds the lease");
            assertThat(tokenStored(expired)).isEqualTo(1);
        }
        finally {
            releaseLease();
        }
    }

    @Test
    void managementApiPurgesAndAnswersTheCountsPerTable() {
        server().bean(Housekeeping.class).purge();
        String expired = expiredToken();
        OAuthClient client = server().client();

        assertThat(client.post("/admin/api/housekeeping", Map.of(), Map.of()).status()).isEqualTo(401);
        Response purged = client.post("/admin/api/housekeeping", Map.of(), Map.of("Authorization", "Bearer " + robot()));

        assertThat(purged.status()).as(purged.toString()).isEqualTo(200);
        assertThat(purged.json().get("purged")).isInstanceOf(Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> counts = (Map<String, Object>) purged.json().get("purged");
        assertThat(counts).containsEntry("oauth_authorization", 1)
            .containsKeys("oauth_rotated_refresh_token", "authorization_consent", "spring_session", "failed_attempt",
                    "dpop_proof", "audit_event");
        assertThat(tokenStored(expired)).isZero();
        assertThat(count(server(), "SELECT COUNT(*) FROM audit_event WHERE action = 'housekeeping.purged' AND actor = ?",
                "client:" + AdminWorld.ROBOT)).isPositive();
    }

    @Test
    void purgeCommandPurgesTheConfiguredDatabaseWithoutAServerAndPrintsTheCounts() {
        server().bean(Housekeeping.class).purge();
        String expired = expiredToken();

        Run text = purge();

        assertThat(text.status()).as(text.err()).isZero();
        assertThat(text.out()).containsPattern("(?m)^oauth_authorization +1$").containsPattern("(?m)^audit_event +0$");
        assertThat(tokenStored(expired)).isZero();
        assertThat(count(server(), "SELECT COUNT(*) FROM audit_event WHERE action = 'housekeeping.purged' AND actor = "
                + "'bin/latchkey purge'")).isPositive();

        Run json = purge("--json");
        assertThat(json.status()).isZero();
        @SuppressWarnings("unchecked")
        Map<String, Object> answer = JsonMapper.builder().build().readValue(json.out(), Map.class);
        assertThat(answer).containsEntry("ran", true);
        assertThat(answer.get("purged")).isInstanceOf(Map.class);
        assertThat(((Map<?, ?>) answer.get("purged")).get("oauth_authorization")).isEqualTo(0);
    }

    @Test
    void purgeCommandSaysSoAndExitsNonZeroWhenAnotherRunHoldsTheLease() {
        String expired = expiredToken();
        holdLease();
        try {
            Run refused = purge();

            assertThat(refused.status()).isEqualTo(PurgeCommand.FAILED_EXIT_STATUS);
            assertThat(refused.err()).contains("another housekeeping run (node-b) holds the lease");
            assertThat(tokenStored(expired)).isEqualTo(1);
        }
        finally {
            releaseLease();
        }
    }

    @Test
    void purgeCommandExitsNonZeroWithOneClearLineWhenTheDatabaseCannotBeReached() {
        String url = database == Database.POSTGRES ? "jdbc:postgresql://127.0.0.1:9/latchkey"
                : "jdbc:h2:file:" + server().dataDirectory().resolve("no-such-database").toAbsolutePath();

        Run unreachable = run("--spring.datasource.url=" + url, "--spring.datasource.username=latchkey");

        assertThat(unreachable.status()).isEqualTo(PurgeCommand.FAILED_EXIT_STATUS);
        assertThat(unreachable.out()).isEmpty();
        assertThat(unreachable.err()).startsWith("purge: could not purge the database at " + url + ": ")
            .doesNotContain("Exception").hasLineCount(1);
        assertThat(run("--no-such-flag").err()).contains("'--no-such-flag' is not an option");
    }

    private Run purge(String... extra) {
        List<String> args = new ArrayList<>(List.of("--spring.datasource.url=" + server().jdbcUrl(),
                "--spring.datasource.username=" + TestDatabases.username(database), "--spring.datasource.password=",
                "--latchkey.housekeeping.keep-expired=1m"));
        args.addAll(List.of(extra));
        return run(args.toArray(String[]::new));
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = PurgeCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Run(int status, String out, String err) {
    }

    /** A client_credentials token, expired two minutes ago: housekeeping purges it. */
    private String expiredToken() {
        String token = clientCredentialsToken(server().client());
        expire(server(), grantOfAccessToken(server(), token), Duration.ofMinutes(2));
        return token;
    }

    private long tokenStored(String accessToken) {
        return count(server(), "SELECT COUNT(*) FROM oauth_authorization WHERE access_token_hash = ?",
                PkcePair.sha256Hex(accessToken));
    }

    private String robot() {
        Response issued = server().client().postWithBasic("/o/token/", AdminWorld.ROBOT, AdminWorld.ROBOT_SECRET,
                Map.of("grant_type", "client_credentials", "scope", AdminWorld.ADMIN_SCOPE));
        assertThat(issued.status()).as(issued.toString()).isEqualTo(200);
        return issued.jsonString("access_token");
    }

    private void holdLease() {
        server().jdbc().sql("UPDATE housekeeping_lease SET holder = 'node-b', leased_until = ? WHERE name = 'cleanup'")
            .param(ago(Duration.ofMinutes(-10)))
            .update();
    }

    private void releaseLease() {
        server().jdbc().sql("UPDATE housekeeping_lease SET leased_until = ? WHERE name = 'cleanup'")
            .param(ago(Duration.ofSeconds(1)))
            .update();
    }

    private static String csrf(Response page) {
        Matcher matcher = CSRF.matcher(page.body());
        assertThat(matcher.find()).as("CSRF token on the page").isTrue();
        return matcher.group(1);
    }

    /** The rows purged from {@code table} as the Doctor page shows them. */
    private static String cell(String page, String table) {
        Matcher matcher = Pattern.compile("id=\"purged-" + table + "\">\\s*<td><code>[^<]*</code></td>\\s*<td>(\\d+)</td>")
            .matcher(page);
        assertThat(matcher.find()).as(table + " on the page").isTrue();
        return matcher.group(1);
    }
}
