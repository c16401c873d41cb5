package dev.latchkey.cluster;

import static dev.latchkey.support.TestWorld.ALICE;
import static dev.latchkey.support.TestWorld.ALICE_PASSWORD;
import static dev.latchkey.support.TestWorld.CONSENT_SPA;
import static dev.latchkey.support.TestWorld.CONSENT_SPA_REDIRECT;
import static dev.latchkey.support.TestWorld.SPA;
import static dev.latchkey.support.TestWorld.SPA_REDIRECT;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.latchkey.support.LatchkeyServer;
import dev.latchkey.support.OAuthClient;
import dev.latchkey.support.OAuthClient.AuthorizationResponse;
import dev.latchkey.support.OAuthClient.Response;
import dev.latchkey.support.PkcePair;
import dev.latchkey.user.UserService;

/**
 * One code or one refresh token sent 20 times at once, alternately to two nodes, as a retrying client or an
 * attacker racing it would: the database decides, never a 5xx. A code is redeemed once (RFC 9700 §4.2.1 and
 * RFC 6749 §4.1.2: a second redemption revokes what the first issued); a refresh token rotates once, and the
 * requests that lost the race are retries within the window, answered with the winner's tokens, so the user's
 * grant lives on.
 */
class RacesAcrossNodesTests {

    private static final int RACERS = 20;

    private static final Pattern CONSENT_STATE = Pattern.compile("name=\"state\" value=\"([^\"]+)\"");

    private final LatchkeyServer a = TwoNodes.a();

    private final LatchkeyServer b = TwoNodes.b();

    @Test
    void oneCodeRedeemedTwentyTimesAtOnceOverTwoNodesIssuesOnceAndThenRevokesIt() throws Exception {
        OAuthClient browser = a.signedInClient(ALICE, ALICE_PASSWORD);
        PkcePair pkce = PkcePair.generate();
        AuthorizationResponse authorization = browser.authorizeCode(SPA, SPA_REDIRECT, "read", pkce);

        List<Response> answers = race(node -> node.client().redeem(SPA, authorization, SPA_REDIRECT, pkce.verifier()));

        List<Response> issued = answers.stream().filter(answer -> answer.status() == 200).toList();
        assertThat(issued).as("exactly one redemption wins: %s", answers).hasSize(1);
        assertThat(answers).filteredOn(answer -> answer.status() != 200)
            .allSatisfy(refused -> {
                assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
                assertThat(refused.jsonString("error")).isEqualTo("invalid_grant");
            });
        String accessToken = issued.get(0).jsonString("access_token");
        assertThat(a.client().getWithBearer("/api/test/", accessToken).status())
            .as("a code redeemed twice revokes what it issued").isEqualTo(401);
        assertThat(b.client().getWithBearer("/api/test/", accessToken).status()).isEqualTo(401);
        Response refresh = b.client().token(Map.of("grant_type", "refresh_token", "client_id", SPA, "refresh_token",
                issued.get(0).jsonString("refresh_token")));
        assertThat(refresh.jsonString("error")).isEqualTo("invalid_grant");
    }

    @Test
    void oneRefreshTokenSentTwentyTimesAtOnceOverTwoNodesRotatesOnceAndLeavesOneLiveFamily() throws Exception {
        Response tokens = a.signedInClient(ALICE, ALICE_PASSWORD).codeFlowTokens(SPA, SPA_REDIRECT, "read");
        String refreshToken = tokens.jsonString("refresh_token");

        List<Response> answers = race(node -> node.client().token(Map.of("grant_type", "refresh_token",
                "client_id", SPA, "refresh_token", refreshToken)));

        assertThat(answers).as("no 5xx, and no refusal: the losers are retries").allSatisfy(
                answer -> assertThat(answer.status()).as(answer.toString()).isEqualTo(200));
        List<String> successors = answers.stream().map(answer -> answer.jsonString("refresh_token")).distinct().toList();
        assertThat(successors).as("one rotation: every racer gets the same new refresh token").hasSize(1);
        String accessToken = answers.get(0).jsonString("access_token");
        assertThat(b.client().getWithBearer("/api/test/", accessToken).status()).isEqualTo(200);
        assertThat(liveGrants(successors.get(0))).as("the family lives on, under its one new refresh token").isEqualTo(1);
        assertThat(liveGrants(refreshToken)).isZero();
        Response next = b.client().token(Map.of("grant_type", "refresh_token", "client_id", SPA, "refresh_token",
                successors.get(0)));
        assertThat(next.status()).as("the new refresh token works: %s", next).isEqualTo(200);
    }

    @Test
    void oneUserConsentingInManyTabsAtOnceOverTwoNodesGetsACodeInEach() throws Exception {
        String user = "racer-" + System.nanoTime();
        a.bean(UserService.class).create(user, ALICE_PASSWORD, true, false);
        OAuthClient browser = a.signedInClient(user, ALICE_PASSWORD);
        List<Map.Entry<LatchkeyServer, String>> tabs = new ArrayList<>();
        for (int i = 0; i < RACERS; i++) {
            LatchkeyServer node = i % 2 == 0 ? a : b;
            tabs.add(Map.entry(node, consentPageState(browser.on(node))));
        }
        Iterator<Map.Entry<LatchkeyServer, String>> tab = tabs.iterator();
        List<Response> answers = race(tabs.size(), () -> {
            Map.Entry<LatchkeyServer, String> mine;
            synchronized (tab) {
                mine = tab.next();
            }
            return browser.on(mine.getKey()).postForm("/o/authorize/", Map.of("client_id", CONSENT_SPA, "state",
                    mine.getValue(), "scope", "read"), null);
        });

        assertThat(answers).as("every tab's consent is taken, none fails on another's").allSatisfy(answer -> {
            assertThat(answer.status()).as(answer.toString()).isEqualTo(303);
            assertThat(answer.locationQuery()).as(answer.toString()).containsKey("code");
        });
        assertThat(a.jdbc().sql("SELECT COUNT(*) FROM authorization_consent WHERE principal_name = ?").param(user)
            .query(Long.class).single()).isEqualTo(1);
    }

    /** Opens an authorization request that needs consent and returns the consent page's state. */
    private static String consentPageState(OAuthClient browser) {
        Map<String, String> parameters = OAuthClient.codeRequest(CONSENT_SPA, CONSENT_SPA_REDIRECT, "read",
                PkcePair.generate());
        String consentUrl = browser.authorize(parameters).header("Location");
        assertThat(consentUrl).contains("/consent");
        Response page = browser.get(consentUrl.substring(consentUrl.indexOf("/consent")), Map.of("Accept", "text/html"));
        Matcher state = CONSENT_STATE.matcher(page.body());
        assertThat(state.find()).as(page.body()).isTrue();
        return state.group(1);
    }

    private long liveGrants(String refreshToken) {
        return a.jdbc()
            .sql("SELECT COUNT(*) FROM oauth_authorization WHERE refresh_token_hash = ? AND revoked_at IS NULL")
            .param(PkcePair.sha256Hex(refreshToken))
            .query(Long.class)
            .single();
    }

    /** Sends {@code request} {@link #RACERS} times at once, alternately to node a and node b. */
    private List<Response> race(Function<LatchkeyServer, Response> request) throws Exception {
        Iterator<Integer> racer = IntStream.range(0, RACERS).iterator();
        return race(RACERS, () -> {
            int mine;
            synchronized (racer) {
                mine = racer.next();
            }
            return request.apply(mine % 2 == 0 ? a : b);
        });
    }

    /** Runs {@code request} {@code times} times at once, from as many threads released together. */
    private static List<Response> race(int times, Callable<Response> request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(times);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Response>> futures = new ArrayList<>();
            for (int i = 0; i < times; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return request.call();
                }));
            }
            start.countDown();
            List<Response> answers = new ArrayList<>();
            for (Future<Response> future : futures) {
                answers.add(future.get());
            }
            return answers;
        }
        finally {
            pool.shutdownNow();
        }
    }
}
