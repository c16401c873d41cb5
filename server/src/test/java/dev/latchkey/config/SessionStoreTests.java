package dev.latchkey.config;

import static dev.latchkey.support.TestWorld.SPA;
import static dev.latchkey.support.TestWorld.SPA_REDIRECT;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import dev.latchkey.support.Database;
import dev.latchkey.support.LatchkeyServer;
import dev.latchkey.support.OAuthClient;
import dev.latchkey.support.OAuthClient.Response;
import dev.latchkey.support.PkcePair;
import dev.latchkey.support.RawHttp;
import dev.latchkey.support.RawHttp.Answer;
import dev.latchkey.support.SharedServers;
import dev.latchkey.user.UserService;

/**
 * Sign-in sessions in the database under what the hostile-request fuzz ({@code dev.latchkey.fuzz}) did to them:
 * parallel requests on one session that each add the same attribute collided on its key (a
 * {@code DuplicateKeyException}, a 500), and a username of 101 to 150 characters, which accounts allow, did not fit
 * the session's principal column.
 */
@ParameterizedClass
@EnumSource(Database.class)
class SessionStoreTests {

    private static final int PARALLEL = 20;

    @Parameter
    Database database;

    LatchkeyServer server() {
        return SharedServers.of(database);
    }

    @Test
    void parallelRequestsWhenEachAddsTheSameSessionAttributeThenNoneFails() throws Exception {
        String cookie = anonymousSessionCookie();
        String authorize = "/o/authorize/?response_type=code&client_id=" + SPA + "&redirect_uri=" + SPA_REDIRECT
                + "&scope=read&state=parallel&code_challenge_method=S256&code_challenge=" + PkcePair.generate().challenge();
        List<Callable<Answer>> requests = new ArrayList<>();
        for (int i = 0; i < PARALLEL; i++) {
            requests.add(() -> RawHttp.send(server(), "GET", authorize, null, "Accept: text/html", "Cookie: " + cookie));
        }

        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
        try {
            for (Future<Answer> answer : pool.invokeAll(requests)) {
                assertThat(answer.get().status()).as(answer.get().toString()).isEqualTo(302);
                assertThat(answer.get().header("Location")).endsWith("/login");
            }
        }
        finally {
            pool.shutdownNow();
        }
    }

    @Test
    void signInWhenUsernameHas150CharactersThenTheSessionIsStoredUnderIt() {
        String unique = Long.toString(System.nanoTime());
        String username = "u".repeat(150 - unique.length()) + unique;
        server().bean(UserService.class).create(username, "long-name-password-1", true, false);

        OAuthClient browser = server().client();
        Response signedIn = browser.login(username, "long-name-password-1");

        assertThat(signedIn.status()).as(signedIn.toString()).isEqualTo(302);
        assertThat(signedIn.header("Location")).doesNotContain("error");
        assertThat(server().jdbc()
            .sql("SELECT COUNT(*) FROM spring_session WHERE principal_name = ?")
            .param(username)
            .query(Long.class)
            .single()).isEqualTo(1);
        assertThat(browser.get("/account/apps", Map.of("Accept", "text/html")).status()).isEqualTo(200);
    }

    private String anonymousSessionCookie() {
        Answer login = RawHttp.send(server(), "GET", "/login", null, "Accept: text/html");
        return login.headers("Set-Cookie")
            .stream()
            .filter(cookie -> cookie.startsWith("SESSION="))
            .map(cookie -> cookie.substring(0, cookie.indexOf(';')))
            .findFirst()
            .orElseThrow();
    }
}
