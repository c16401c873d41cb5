package dev.latchkey.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.latchkey.support.PkcePair;

/**
 * Issue 15's rolling restart, as an operator does it: {@code scripts/cluster} starts PostgreSQL, two nodes through
 * {@code bin/latchkey} and nginx; a steady stream of sign-ins (form login, authorization code with PKCE, its
 * redemption) and client_credentials requests goes through nginx while one node is restarted with a plain SIGTERM
 * (nginx's passive health check notices it) and the other the drained way ({@code restart-node}'s default). No
 * session may be lost and no request may fail that a client sends once more. It needs the packaged jar, nginx and
 * PostgreSQL's binaries, so the failsafe pass runs it (server/pom.xml); a missing binary fails it, never skips it.
 */
class RollingRestartTests {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private static final String SPA = "my-sexy-spa";

    private static final String REDIRECT_URI = "http://my-sexy-spa/";

    private static final Pattern CODE = Pattern.compile("^" + Pattern.quote(REDIRECT_URI) + "\\?code=([^&]+)");

    private static ScriptedCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        assertThat(Stream.of("/usr/sbin/nginx", "/usr/bin/nginx").anyMatch(path -> Files.isExecutable(Path.of(path))))
            .as("nginx is not installed: install Debian's (apt-get install nginx; .ci/run does it)")
            .isTrue();
        cluster = ScriptedCluster.inNewDirectory();
        ScriptedCluster.Result started = cluster.run(Duration.ofMinutes(6), "start", "--nodes", "2");
        assertThat(started.exit())
            .as("scripts/cluster start failed:\n%s\nnode 1:\n%s\nnode 2:\n%s", started.output(),
                    cluster.nodeLogTail(1), cluster.nodeLogTail(2))
            .isZero();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.stopAndClean();
        }
    }

    @Test
    void restartNodeWhenLoadFlowsThroughNginxThenNoSessionLostAndEveryRetriedRequestSucceeds() throws Exception {
        Tally tally = new Tally();
        RetryingBrowser before = new RetryingBrowser(tally);
        signIn(before);
        redeem(before, authorize(before, cluster.address()));

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger signIns = new AtomicInteger();
        AtomicInteger clientCredentials = new AtomicInteger();
        List<Thread> load = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            load.add(new Thread(() -> loop(running, signIns, () -> {
                RetryingBrowser browser = new RetryingBrowser(tally);
                signIn(browser);
                redeem(browser, authorize(browser, cluster.address()));
            }), "sign-ins-" + i));
            load.add(new Thread(() -> loop(running, clientCredentials, () -> clientCredentials(new RetryingBrowser(tally))),
                    "client-credentials-" + i));
        }
        load.forEach(Thread::start);
        ScriptedCluster.Result crash;
        ScriptedCluster.Result drained;
        int signInsBeforeRestarts;
        try {
            Thread.sleep(4_000);
            signInsBeforeRestarts = signIns.get();
            crash = cluster.run(Duration.ofMinutes(3), "restart-node", "1", "--no-drain");
            drained = cluster.run(Duration.ofMinutes(3), "restart-node", "2");
            Thread.sleep(3_000);
        }
        finally {
            running.set(false);
            for (Thread thread : load) {
                thread.join(60_000);
            }
        }

        System.out.printf("rolling restart: %d requests answered as expected (%d sign-ins with a code redeemed, %d "
                + "client_credentials tokens); %d failed once and succeeded when sent again: %s; %d failed twice: %s%n",
                tally.succeededCount(), signIns.get(), clientCredentials.get(), tally.failedOnce().size(),
                tally.failedOnce(), tally.failedAfterRetry().size(), tally.failedAfterRetry());
        assertThat(crash.exit()).as("restart-node 1 --no-drain:\n%s\n%s", crash.output(), cluster.nodeLogTail(1))
            .isZero();
        assertThat(drained.exit()).as("restart-node 2:\n%s\n%s", drained.output(), cluster.nodeLogTail(2)).isZero();
        assertThat(tally.failedAfterRetry()).as("requests that failed even when sent a second time").isEmpty();
        assertThat(signIns.get()).as("sign-ins went on while the nodes restarted").isGreaterThan(signInsBeforeRestarts);
        assertThat(clientCredentials.get()).isPositive();
        // The session of before the restarts, on each node (as a load balancer may send it anywhere).
        for (int node = 1; node <= 2; node++) {
            Tally check = new Tally();
            RetryingBrowser sameSession = before.withTally(check);
            Code code = null;
            try {
                code = authorize(sameSession, cluster.nodeAddress(node));
                redeem(sameSession, code);
            }
            catch (IllegalStateException ex) {
                // Described by the assertion below.
            }
            assertThat(check.failedAfterRetry()).as("the session made before the restarts, on node %d", node).isEmpty();
            assertThat(code).isNotNull();
        }
        assertThat(cluster.accessLog()).as("nginx sent requests to both nodes")
            .contains("node=127.0.0.1:" + cluster.nodePort(1))
            .contains("node=127.0.0.1:" + cluster.nodePort(2));
    }

    /** Runs {@code flow} until {@code running} goes false, counting the flows that completed. */
    private static void loop(AtomicBoolean running, AtomicInteger completed, Runnable flow) {
        while (running.get()) {
            try {
                flow.run();
                completed.incrementAndGet();
            }
            catch (IllegalStateException ex) {
                // Counted by the tally as a request that failed twice; the next flow starts afresh.
            }
        }
    }

    private static void signIn(RetryingBrowser browser) {
        HttpResponse<String> page = browser.get(cluster.address() + "/login",
                response -> response.statusCode() == 200 && CSRF.matcher(response.body()).find(), "GET /login");
        Matcher csrf = CSRF.matcher(page.body());
        csrf.find();
        browser.postForm(cluster.address() + "/login",
                Map.of("username", "alice", "password", secret("alice-password"), "_csrf", csrf.group(1)), null,
                response -> response.statusCode() == 302 && !location(response).contains("error"),
                "POST /login");
    }

    /** A code for this session, and the PKCE verifier that redeems it. */
    private static Code authorize(RetryingBrowser browser, String base) {
        PkcePair pkce = PkcePair.generate();
        HttpResponse<String> response = browser.get(base + "/o/authorize/?response_type=code&client_id=" + SPA
                + "&redirect_uri=" + URLEncoder.encode(REDIRECT_URI, StandardCharsets.UTF_8) + "&scope=read&state=s1"
                + "&code_challenge=" + pkce.challenge() + "&code_challenge_method=S256",
                answer -> answer.statusCode() == 302 && CODE.matcher(location(answer)).find(), "GET /o/authorize/");
        Matcher code = CODE.matcher(location(response));
        code.find();
        return new Code(code.group(1), pkce.verifier());
    }

    private static void redeem(RetryingBrowser browser, Code code) {
        browser.postForm(cluster.address() + "/o/token/",
                Map.of("grant_type", "authorization_code", "code", code.value(), "redirect_uri", REDIRECT_URI,
                        "client_id", SPA, "code_verifier", code.verifier()),
                null, response -> response.statusCode() == 200 && response.body().contains("\"access_token\""),
                "POST /o/token/ (authorization_code)");
    }

    private static String location(HttpResponse<String> response) {
        return response.headers().firstValue("Location").orElse("");
    }

    private static void clientCredentials(RetryingBrowser browser) {
        String basic = "Basic " + Base64.getEncoder()
            .encodeToString(("demo-backend:" + secret("demo-backend-secret")).getBytes(StandardCharsets.UTF_8));
        browser.postForm(cluster.address() + "/o/token/", Map.of("grant_type", "client_credentials", "scope", "read"),
                basic, response -> response.statusCode() == 200 && response.body().contains("\"access_token\""),
                "POST /o/token/ (client_credentials)");
        try {
            Thread.sleep(50);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private static String secret(String name) {
        try {
            return cluster.secret(name);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private record Code(String value, String verifier) {
    }
}
