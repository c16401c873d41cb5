package dev.latchkey.ops;

import static dev.latchkey.support.TestWorld.ALICE;
import static dev.latchkey.support.TestWorld.ALICE_PASSWORD;
import static dev.latchkey.support.TestWorld.BACKEND;
import static dev.latchkey.support.TestWorld.BACKEND_SECRET;
import static dev.latchkey.support.TestWorld.SPA;
import static dev.latchkey.support.TestWorld.SPA_REDIRECT;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import dev.latchkey.support.Database;
import dev.latchkey.support.LatchkeyServer;
import dev.latchkey.support.OAuthClient;
import dev.latchkey.support.OAuthClient.AuthorizationResponse;
import dev.latchkey.support.OAuthClient.Response;
import dev.latchkey.support.PkcePair;
import dev.latchkey.support.Scrape;
import dev.latchkey.support.SharedServers;

/**
 * The counters of docs/operations.md move by exactly what scripted flows did, as Prometheus reads them over HTTP
 * from {@code /actuator/prometheus}; a made-up {@code client_id} adds no series; only loopback and the allowed
 * addresses may scrape on the server's port; the Grafana dashboard asks only for metrics that exist. A server of its
 * own, so that no other test's traffic moves them.
 */
@ParameterizedClass
@EnumSource(Database.class)
class MetricsTests {

    /** The address range allowed to scrape besides loopback. */
    static final String ALLOWED = "192.0.2.0/24";

    @Parameter
    Database database;

    static Map<String, String> properties() {
        Map<String, String> properties = new LinkedHashMap<>();
        // The test's own address is a trusted proxy, so that requests can claim other client addresses.
        properties.put("latchkey.trusted-proxies", "127.0.0.1,::1");
        properties.put("latchkey.management.allowed-addresses", ALLOWED);
        // After the fifth failure of one name, the next sign-in with it is held back for a minute.
        properties.put("latchkey.guards.first-delay", "1m");
        properties.put("latchkey.guards.longest-delay", "1m");
        return properties;
    }

    LatchkeyServer server() {
        return SharedServers.of(database, properties());
    }

    static Scrape scrape(LatchkeyServer server) {
        Response scrape = server.client().get("/actuator/prometheus", Map.of("Accept", "text/plain"));
        assertThat(scrape.status()).as(scrape.toString()).isEqualTo(200);
        return Scrape.parse(scrape.body());
    }

    @Test
    void countersMoveByExactlyWhatScriptedFlowsDid() {
        Scrape before = scrape(server());

        Response credentials = server().client().postWithBasic("/o/token/", BACKEND, BACKEND_SECRET,
                Map.of("grant_type", "client_credentials", "scope", "read"));
        assertThat(credentials.status()).isEqualTo(200);
        assertThat(server().client().login(ALICE, "not-her-password").header("Location")).endsWith("/login?error");
        OAuthClient spa = server().signedInClient(ALICE, ALICE_PASSWORD);
        String firstRefresh = spa.codeFlowTokens(SPA, SPA_REDIRECT, "read").jsonString("refresh_token");
        PkcePair pkce = PkcePair.generate();
        AuthorizationResponse code = spa.authorizeCode(SPA, SPA_REDIRECT, "read", pkce);
        assertThat(spa.redeem(SPA, code, SPA_REDIRECT, PkcePair.generate().verifier()).jsonString("error"))
            .isEqualTo("invalid_grant");
        assertThat(spa.redeem(SPA, code, SPA_REDIRECT, pkce.verifier()).status()).isEqualTo(200);
        assertThat(spa.redeem(SPA, code, SPA_REDIRECT, pkce.verifier()).jsonString("error")).isEqualTo("invalid_grant");
        String secondRefresh = refresh(spa, firstRefresh).jsonString("refresh_token");
        assertThat(refresh(spa, secondRefresh).status()).isEqualTo(200);
        assertThat(refresh(spa, firstRefresh).jsonString("error")).isEqualTo("invalid_grant");

        Scrape after = scrape(server());
        assertThat(delta(before, after, "latchkey_tokens_issued_total",
                Map.of("grant_type", "client_credentials", "client_id", BACKEND))).isEqualTo(1);
        assertThat(delta(before, after, "latchkey_tokens_issued_total",
                Map.of("grant_type", "authorization_code", "client_id", SPA))).isEqualTo(2);
        assertThat(delta(before, after, "latchkey_tokens_issued_total",
                Map.of("grant_type", "refresh_token", "client_id", SPA))).isEqualTo(2);
        assertThat(sumDelta(before, after, "latchkey_tokens_issued_total")).isEqualTo(5);
        assertThat(delta(before, after, "latchkey_oauth_refusals_total", Map.of("endpoint", "token", "error",
                "invalid_grant"))).isEqualTo(3);
        assertThat(sumDelta(before, after, "latchkey_oauth_refusals_total")).isEqualTo(3);
        assertThat(delta(before, after, "latchkey_logins_total", Map.of("outcome", "succeeded"))).isEqualTo(1);
        assertThat(delta(before, after, "latchkey_logins_total", Map.of("outcome", "failed"))).isEqualTo(1);
        assertThat(delta(before, after, "latchkey_logins_total", Map.of("outcome", "throttled"))).isZero();
        assertThat(delta(before, after, "latchkey_replays_total", Map.of("kind", "authorization_code"))).isEqualTo(1);
        assertThat(delta(before, after, "latchkey_replays_total", Map.of("kind", "refresh_token"))).isEqualTo(1);
        assertThat(after.sum("latchkey_http_server_requests_seconds_count",
                Map.of("endpoint", "token", "method", "POST", "status", "2xx"))
                - before.sum("latchkey_http_server_requests_seconds_count",
                        Map.of("endpoint", "token", "method", "POST", "status", "2xx"))).isEqualTo(5);
    }

    @Test
    void aSignInTheGuardHoldsBackCountsAsThrottledNotFailed() {
        String name = "guessed-" + System.nanoTime();
        for (int i = 0; i < 5; i++) {
            assertThat(server().client().login(name, "guess-" + i).header("Location")).endsWith("/login?error");
        }
        Scrape before = scrape(server());

        assertThat(server().client().login(name, "guess-again").header("Location")).contains("/login?locked=");

        Scrape after = scrape(server());
        assertThat(delta(before, after, "latchkey_logins_total", Map.of("outcome", "throttled"))).isEqualTo(1);
        assertThat(delta(before, after, "latchkey_logins_total", Map.of("outcome", "failed"))).isZero();
        assertThat(delta(before, after, "latchkey_logins_total", Map.of("outcome", "succeeded"))).isZero();
    }

    @Test
    void aMadeUpClientIdAddsNoSeriesAndAMadeUpPathNoEndpoint() {
        Scrape before = scrape(server());
        String madeUp = "made-up-" + System.nanoTime();
        assertThat(server().client().postWithBasic("/o/token/", madeUp, "guessed-secret",
                Map.of("grant_type", "client_credentials")).status()).isEqualTo(401);
        assertThat(server().client().token(Map.of("grant_type", "authorization_code", "client_id", madeUp, "code", "x",
                "redirect_uri", SPA_REDIRECT, "code_verifier", PkcePair.generate().verifier())).status()).isEqualTo(401);
        // Anonymous: sent to the login page like any page that needs a sign-in; what matters is the series.
        assertThat(server().client().get("/" + madeUp + "/x", Map.of("Accept", "application/json")).status())
            .isBetween(300, 499);

        Scrape after = scrape(server());
        assertThat(after.samples().keySet()).noneMatch(sample -> sample.labels().values().stream()
            .anyMatch(value -> value.contains(madeUp)));
        assertThat(delta(before, after, "latchkey_oauth_refusals_total",
                Map.of("endpoint", "token", "error", "invalid_client"))).isEqualTo(2);
        assertThat(sumDelta(before, after, "latchkey_tokens_issued_total")).isZero();
    }

    @Test
    void onlyLoopbackAndAllowedAddressesMayScrapeOnTheServersPort() {
        Response stranger = server().client().forwardedFor("203.0.113.9")
            .get("/actuator/prometheus", Map.of("Accept", "text/plain"));
        assertThat(stranger.status()).isEqualTo(403);
        assertThat(stranger.body()).doesNotContain("latchkey_");
        Response allowed = server().client().forwardedFor("192.0.2.77")
            .get("/actuator/prometheus", Map.of("Accept", "text/plain"));
        assertThat(allowed.status()).isEqualTo(200);
        assertThat(allowed.body()).contains("latchkey_logins_total");
        Response health = server().client().forwardedFor("203.0.113.9")
            .get("/actuator/health", Map.of("Accept", "application/json"));
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json()).containsOnlyKeys("status", "groups");
    }

    @Test
    void thePoolAndTheJvmAreScrapedTooButRequestsAreTimedOnlyOnce() {
        assertThat(server().client().postWithBasic("/o/token/", BACKEND, BACKEND_SECRET,
                Map.of("grant_type", "client_credentials", "scope", "read")).status()).isEqualTo(200);
        Scrape scrape = scrape(server());
        for (String name : List.of("hikaricp_connections_active", "hikaricp_connections_pending",
                "hikaricp_connections_max", "jvm_memory_used_bytes", "process_cpu_usage")) {
            assertThat(scrape.has(name)).as(name).isTrue();
        }
        // Neither Spring MVC's request observation nor Spring Security's per-filter observations: they cost CPU on
        // every token request (docs/benchmarks.md), and the request timer measures the same.
        assertThat(scrape.samples().keySet()).noneMatch(sample -> sample.name().startsWith("http_server_requests")
                || sample.name().startsWith("spring_security"));
    }

    @Test
    void everyQueryOfTheGrafanaDashboardNamesAMetricTheServerExposes() throws Exception {
        assertThat(server().client().postWithBasic("/o/token/", BACKEND, BACKEND_SECRET,
                Map.of("grant_type", "client_credentials", "scope", "read")).status()).isEqualTo(200);
        assertThat(server().client().postWithBasic("/o/token/", BACKEND, BACKEND_SECRET,
                Map.of("grant_type", "client_credentials", "scope", "unknown")).status()).isEqualTo(400);
        server().bean(Housekeeping.class).run();
        Scrape scrape = scrape(server());

        JsonNode dashboard = JsonMapper.builder().build().readTree(Path.of("../docs/grafana/latchkey.json").toFile());
        List<String> queries = new ArrayList<>();
        dashboard.get("panels").forEach(panel -> panel.get("targets").forEach(target -> queries.add(
                target.get("expr").asString())));
        assertThat(queries).hasSizeGreaterThanOrEqualTo(10);
        Pattern metric = Pattern.compile("\\b((?:latchkey|hikaricp|jvm|process)_[a-z_]+)\\b");
        for (String query : queries) {
            Matcher names = metric.matcher(query);
            assertThat(names.find()).as(query).isTrue();
            do {
                assertThat(scrape.has(names.group(1))).as("%s in %s", names.group(1), query).isTrue();
            }
            while (names.find());
        }
    }

    private static Response refresh(OAuthClient client, String refreshToken) {
        return client.token(Map.of("grant_type", "refresh_token", "client_id", SPA, "refresh_token", refreshToken));
    }

    private static double delta(Scrape before, Scrape after, String name, Map<String, String> labels) {
        return after.value(name, labels) - before.value(name, labels);
    }

    private static double sumDelta(Scrape before, Scrape after, String name) {
        return after.sum(name, Map.of()) - before.sum(name, Map.of());
    }
}
