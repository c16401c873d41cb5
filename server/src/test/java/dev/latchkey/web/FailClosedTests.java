package dev.latchkey.web;

import static dev.latchkey.support.TestWorld.ALICE;
import static dev.latchkey.support.TestWorld.ALICE_PASSWORD;
import static dev.latchkey.support.TestWorld.BACKEND;
import static dev.latchkey.support.TestWorld.BACKEND_SECRET;
import static dev.latchkey.support.TestWorld.SPA;
import static dev.latchkey.support.TestWorld.SPA_REDIRECT;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.latchkey.support.Database;
import dev.latchkey.support.LatchkeyServer;
import dev.latchkey.support.OAuthClient;
import dev.latchkey.support.OAuthClient.AuthorizationResponse;
import dev.latchkey.support.OAuthClient.Response;
import dev.latchkey.support.OwnPostgres;
import dev.latchkey.support.PkcePair;

/**
 * While the database is away every request is answered within seconds, with 503 {@code temporarily_unavailable}
 * (a page for a browser) and a {@code Retry-After}, or served fully when it needs no database; nothing is issued
 * or consumed meanwhile, and the server serves again by itself once the database returns. The database is a
 * PostgreSQL of the test's own, stopped under the running server (its connections cut) and started again.
 */
class FailClosedTests {

    /** The pool's connection timeout (3 s, application.yml) and room for a busy machine. */
    private static final Duration WITHIN = Duration.ofSeconds(5);

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private static OwnPostgres postgres;

    private static LatchkeyServer server;

    @BeforeAll
    static void start() {
        postgres = OwnPostgres.start();
        server = LatchkeyServer.start(Database.POSTGRES, postgres.serverProperties());
    }

    @AfterAll
    static void stop() {
        server.close();
        postgres.close();
    }

    @Test
    void everyEndpointAnswers503WithinSecondsWhileTheDatabaseIsAwayAndServesAgainWhenItReturns() throws Exception {
        OAuthClient browser = server.signedInClient(ALICE, ALICE_PASSWORD);
        Response tokens = browser.codeFlowTokens(SPA, SPA_REDIRECT, "read");
        String accessToken = tokens.jsonString("access_token");
        String refreshToken = tokens.jsonString("refresh_token");
        OAuthClient anyone = server.client();
        OAuthClient signingIn = server.client();
        Matcher csrf = CSRF.matcher(signingIn.get("/login", Map.of("Accept", "text/html")).body());
        assertThat(csrf.find()).isTrue();

        postgres.stop();

        Map<String, Supplier<Response>> needTheDatabase = new LinkedHashMap<>();
        needTheDatabase.put("client_credentials", () -> clientCredentials(anyone));
        needTheDatabase.put("refresh", () -> refresh(anyone, refreshToken));
        needTheDatabase.put("introspection", () -> anyone.postWithBasic("/o/introspect/", BACKEND, BACKEND_SECRET,
                Map.of("token", accessToken)));
        needTheDatabase.put("revocation", () -> anyone.postForm("/o/revoke_token/", Map.of("token", refreshToken,
                "client_id", SPA), null));
        needTheDatabase.put("protected API", () -> anyone.getWithBearer("/api/test/", accessToken));
        needTheDatabase.put("userinfo", () -> anyone.getWithBearer("/o/userinfo/", accessToken));
        needTheDatabase.put("authorization (a browser)", () -> browser.authorize(authorizationRequest(PkcePair.generate())));
        needTheDatabase.put("account page (a browser)", () -> browser.get("/account/apps", Map.of("Accept", "text/html")));
        needTheDatabase.put("sign-in (a browser)", () -> signingIn.submit("/login", Map.of("username", ALICE,
                "password", "a wrong password", "_csrf", csrf.group(1))));
        needTheDatabase.forEach((name, request) -> {
            Response answer = timed(name, request);
            assertThat(answer.status()).as("%s: %s", name, answer).isEqualTo(503);
            assertThat(answer.header("Retry-After")).as(name).isEqualTo("5");
            if (answer.header("Content-Type").startsWith("text/html")) {
                assertThat(answer.body()).as(name).contains("try again in a few seconds").doesNotContain("Exception");
            }
            else {
                assertThat(answer.jsonString("error")).as(name).isEqualTo("temporarily_unavailable");
                assertThat(answer.jsonString("error_description")).as(name).contains("nothing was issued or changed");
            }
        });
        for (String path : List.of("/.well-known/openid-configuration", "/o/jwks/", "/login")) {
            Response answer = timed(path, () -> anyone.get(path, Map.of("Accept", "text/html")));
            assertThat(answer.status()).as("%s needs no database, or fails closed: %s", path, answer).isIn(200, 503);
        }

        postgres.startAgain();
        awaitReady();

        assertThat(anyone.getWithBearer("/api/test/", accessToken).status()).as("the token lived through").isEqualTo(200);
        assertThat(server.jdbc().sql("SELECT COUNT(*) FROM failed_attempt").query(Long.class).single())
            .as("the sign-in that met the outage counted against no one").isZero();
        assertThat(clientCredentials(anyone).status()).isEqualTo(200);
        Response refreshed = refresh(anyone, refreshToken);
        assertThat(refreshed.status()).as("the refresh token was neither revoked nor spent meanwhile: %s", refreshed)
            .isEqualTo(200);
        assertThat(browser.codeFlowTokens(SPA, SPA_REDIRECT, "read").status()).as("the session lived through")
            .isEqualTo(200);
    }

    @Test
    void aDatabaseThatStopsMidRunLeavesNothingHalfDone() throws Exception {
        OAuthClient browser = server.signedInClient(ALICE, ALICE_PASSWORD);
        AtomicBoolean running = new AtomicBoolean(true);
        List<String> issued = new ArrayList<>();
        List<Redemption> unanswered = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        Thread stream = new Thread(() -> {
            while (running.get()) {
                flowOnce(browser, issued, unanswered, unexpected);
            }
        });
        stream.start();

        List<Redemption> caught = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            PkcePair pkce = PkcePair.generate();
            caught.add(new Redemption(AuthorizationResponse.from(browser.authorize(authorizationRequest(pkce))),
                    pkce.verifier()));
        }
        Thread.sleep(1_000);
        postgres.stop();
        for (Redemption redemption : caught) {
            Response answer = browser.redeem(SPA, redemption.authorization(), SPA_REDIRECT, redemption.verifier());
            assertThat(answer.status()).as("a code caught before the outage, redeemed during it: %s", answer)
                .isEqualTo(503);
        }
        Thread.sleep(2_000);
        postgres.startAgain();
        awaitReady();
        Thread.sleep(2_000);
        running.set(false);
        stream.join();
        unanswered.addAll(caught);

        assertThat(unexpected).as("every answer is a success or a 503").isEmpty();
        assertThat(issued).as("flows went on around it").hasSizeGreaterThan(2);
        for (String accessToken : issued) {
            assertThat(server.client().getWithBearer("/api/test/", accessToken).status())
                .as("no token was handed out without its record").isEqualTo(200);
        }
        for (Redemption redemption : unanswered) {
            Response retried = server.client().redeem(SPA, redemption.authorization(), SPA_REDIRECT,
                    redemption.verifier());
            assertThat(retried.status()).as("a code whose redemption met the outage was not spent: %s", retried)
                .isEqualTo(200);
        }
        assertThat(server.jdbc()
            .sql("SELECT COUNT(*) FROM oauth_authorization WHERE code_consumed_at IS NOT NULL AND access_token_hash IS NULL")
            .query(Long.class)
            .single()).as("no code consumed without its tokens").isZero();
    }

    /** One authorization and redemption; a 503 at either step is fine, a code caught before the outage is kept. */
    private static void flowOnce(OAuthClient browser, List<String> issued, List<Redemption> unanswered,
            List<String> unexpected) {
        PkcePair pkce = PkcePair.generate();
        Response authorized = browser.authorize(authorizationRequest(pkce));
        if (authorized.status() == 503) {
            return;
        }
        AuthorizationResponse authorization = AuthorizationResponse.from(authorized);
        if (authorization.code() == null) {
            unexpected.add("authorization: " + authorized);
            return;
        }
        Response redeemed = browser.redeem(SPA, authorization, SPA_REDIRECT, pkce.verifier());
        switch (redeemed.status()) {
            case 200 -> issued.add(redeemed.jsonString("access_token"));
            case 503 -> unanswered.add(new Redemption(authorization, pkce.verifier()));
            default -> unexpected.add("redemption: " + redeemed);
        }
    }

    private static Map<String, String> authorizationRequest(PkcePair pkce) {
        return OAuthClient.codeRequest(SPA, SPA_REDIRECT, "read", pkce);
    }

    private static Response timed(String name, Supplier<Response> request) {
        long started = System.nanoTime();
        Response answer = request.get();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("%s answered within %s", name, WITHIN)
            .isLessThan(WITHIN);
        return answer;
    }

    private static Response clientCredentials(OAuthClient client) {
        return client.postWithBasic("/o/token/", BACKEND, BACKEND_SECRET, Map.of("grant_type", "client_credentials"));
    }

    private static Response refresh(OAuthClient client, String refreshToken) {
        return client.token(Map.of("grant_type", "refresh_token", "refresh_token", refreshToken, "client_id", SPA));
    }

    private static void awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (server.client().get("/actuator/health/readiness", Map.of("Accept", "application/json")).status() != 200) {
            assertThat(System.nanoTime()).as("ready again within 15 s").isLessThan(deadline);
            Thread.sleep(250);
        }
    }

    private record Redemption(AuthorizationResponse authorization, String verifier) {
    }
}
