package dev.latchkey.guard;

import static dev.latchkey.guard.GuardWorld.ACCOUNT_DELAY_AFTER;
import static dev.latchkey.guard.GuardWorld.ACCOUNT_LOCK_AFTER;
import static dev.latchkey.guard.GuardWorld.ADDRESS_DELAY_AFTER;
import static dev.latchkey.guard.GuardWorld.ADDRESS_LOCK_AFTER;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import dev.latchkey.support.Database;
import dev.latchkey.support.LatchkeyServer;
import dev.latchkey.support.OAuthClient;
import dev.latchkey.support.OAuthClient.Response;
import dev.latchkey.user.UserService;

/**
 * Failed sign-ins are held back per account name and per client address: a growing wait, then a lock that says
 * when to try again and never whether the account exists; a held-back attempt is refused even with the right
 * password, without it being checked. The lock is an audit event, shows in the console, and an operator can
 * release it.
 */
@ParameterizedClass
@EnumSource(Database.class)
class SignInGuardTests {

    private static final String PASSWORD = "guard-correct-horse-7";

    /** A row of the console's Locks page: the account's name, then its release form's key. */
    private static final Pattern RELEASE_FORM = Pattern.compile("<tr id=\"lock-account-([^\"]+)\">(?s).*?"
            + "name=\"key\" value=\"([0-9a-f]{64})\"");

    @Parameter
    Database database;

    LatchkeyServer server() {
        return GuardWorld.server(database);
    }

    @Test
    void signInWhenOneNameFailsRepeatedlyThenItLocksAlikeForAnAccountAndForANameThatIsNone()
            throws InterruptedException {
        String account = GuardWorld.newAccount(server(), PASSWORD, false);
        String noAccount = GuardWorld.newName("nobody");

        for (List<String> answers : List.of(failUntilLocked(account), failUntilLocked(noAccount))) {
            assertThat(answers.subList(0, ACCOUNT_DELAY_AFTER)).containsOnly("/login?error");
            assertThat(answers.stream().filter("/login?error"::equals).count()).isEqualTo(ACCOUNT_LOCK_AFTER);
            assertThat(answers).endsWith("/login?locked");
        }
        OAuthClient browser = server().client().forwardedFor(GuardWorld.newAddress());
        Response accountLocked = browser.login(account, PASSWORD);
        Response noAccountLocked = browser.login(noAccount, PASSWORD);
        assertThat(retryAfter(accountLocked)).isBetween(3500L, 3600L);
        assertThat(retryAfter(noAccountLocked)).isBetween(3500L, 3600L);
        String page = page(browser, accountLocked);
        assertThat(page).contains("Too many failed sign-ins").contains("about 60 minutes").doesNotContain(account);
        assertThat(page(browser, noAccountLocked)).isEqualTo(page);
    }

    @Test
    void signInWhenRefusedThenAnAccountANameThatIsNoneAndADisabledAccountGetTheSameAnswerInAComparableTime() {
        String account = GuardWorld.newAccount(server(), PASSWORD, false);
        String noAccount = GuardWorld.newName("nobody");
        String disabled = GuardWorld.newName("guard-disabled");
        server().bean(UserService.class).createOrUpdate(disabled, PASSWORD, false, false);
        OAuthClient browser = server().client().forwardedFor(GuardWorld.newAddress());
        long accountFastest = Long.MAX_VALUE;
        long noAccountFastest = Long.MAX_VALUE;
        long disabledFastest = Long.MAX_VALUE;
        for (int i = 0; i < ACCOUNT_DELAY_AFTER - 1; i++) {
            long start = System.nanoTime();
            Response wrongPassword = browser.login(account, "wrong-" + i);
            accountFastest = Math.min(accountFastest, System.nanoTime() - start);
            start = System.nanoTime();
            Response unknownName = browser.login(noAccount, "wrong-" + i);
            noAccountFastest = Math.min(noAccountFastest, System.nanoTime() - start);
            start = System.nanoTime();
            Response disabledAccount = browser.login(disabled, i == 0 ? PASSWORD : "wrong-" + i);
            disabledFastest = Math.min(disabledFastest, System.nanoTime() - start);
            assertThat(path(unknownName)).isEqualTo(path(wrongPassword)).isEqualTo(path(disabledAccount))
                .isEqualTo("/login?error");
            assertThat(page(browser, unknownName)).isEqualTo(page(browser, wrongPassword))
                .isEqualTo(page(browser, disabledAccount));
        }
        // Each costs a password hash (Spring's provider hashes a dummy for a name that is no account, and checks a
        // disabled account's password too): without it the answer would come in a fraction of the time.
        assertThat(noAccountFastest).as("fastest answer for a name that is no account, in ns")
            .isGreaterThan(accountFastest / 2);
        assertThat(disabledFastest).as("fastest answer for a disabled account, in ns").isGreaterThan(accountFastest / 2);
    }

    @Test
    void signInWhenLockedThenTheRightPasswordIsRefusedUntilAnOperatorReleasesTheLock() throws InterruptedException {
        String account = GuardWorld.newAccount(server(), PASSWORD, false);
        failUntilLocked(account);
        OAuthClient user = server().client().forwardedFor(GuardWorld.newAddress());

        assertThat(path(user.login(account, PASSWORD))).isEqualTo("/login?locked");
        assertThat(user.get("/", Map.of("Accept", "text/html")).header("Location")).as("not signed in")
            .endsWith("/login");

        OAuthClient admin = admin();
        String locks = admin.get("/admin/locks", Map.of("Accept", "text/html")).body();
        assertThat(locks).contains(account).contains("locked");
        assertThat(admin.get("/admin/users", Map.of("Accept", "text/html")).body())
            .containsPattern("id=\"user-" + account + "\"(?s).*?class=\"badge badge-off locked\"");
        assertThat(admin.get("/admin/audit", Map.of("Accept", "text/html")).body()).contains("account.locked")
            .contains(account);
        Matcher release = RELEASE_FORM.matcher(locks);
        String key = null;
        while (release.find()) {
            if (release.group(1).equals(account)) {
                key = release.group(2);
            }
        }
        assertThat(key).as("a release form for " + account).isNotNull();
        Response released = admin.postForm("/admin/locks/release",
                Map.of("kind", "ACCOUNT", "key", key, "_csrf", csrf(admin, "/admin/locks")), null);
        assertThat(released.status()).isEqualTo(302);

        assertThat(user.login(account, PASSWORD).header("Location")).doesNotContain("/login");
        assertThat(user.get("/", Map.of("Accept", "text/html")).status()).as("signed in").isEqualTo(200);
        assertThat(admin.get("/admin/audit", Map.of("Accept", "text/html")).body()).contains("account.released");
    }

    @Test
    void signInWhenOneAddressGuessesManyNamesThenTheAddressLocksWhateverTheNameAndOtherAddressesGoOn()
            throws InterruptedException {
        String account = GuardWorld.newAccount(server(), PASSWORD, false);
        OAuthClient guesser = server().client().forwardedFor(GuardWorld.newAddress());
        List<String> answers = new ArrayList<>();
        int failures = 0;
        while (failures < ADDRESS_LOCK_AFTER) {
            String answer = path(guesser.login(GuardWorld.newName("sprayed"), "guess-" + failures));
            answers.add(answer);
            if (answer.equals("/login?error")) {
                failures++;
            }
            else {
                Thread.sleep(1100);
            }
        }
        assertThat(answers.subList(0, ADDRESS_DELAY_AFTER)).as("each name failed once only").containsOnly("/login?error");
        assertThat(path(guesser.login(account, PASSWORD))).as("the address is locked, whatever the name")
            .isEqualTo("/login?locked");
        assertThat(retryAfter(guesser.login(account, PASSWORD))).isGreaterThan(3500L);

        OAuthClient elsewhere = server().client().forwardedFor(GuardWorld.newAddress());
        assertThat(elsewhere.login(account, PASSWORD).header("Location")).doesNotContain("/login");
    }

    @Test
    void signInWhenManyGuessesForOneNameArriveAtOnceThenOnlyTheAllowedNumberIsChecked() throws Exception {
        String account = GuardWorld.newAccount(server(), PASSWORD, false);
        int guesses = 12;
        List<OAuthClient> guessers = new ArrayList<>();
        List<String> csrfTokens = new ArrayList<>();
        for (int i = 0; i < guesses; i++) {
            OAuthClient guesser = server().client().forwardedFor(GuardWorld.newAddress());
            guessers.add(guesser);
            csrfTokens.add(csrf(guesser, "/login"));
        }
        ExecutorService pool = Executors.newFixedThreadPool(guesses);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < guesses; i++) {
                OAuthClient guesser = guessers.get(i);
                Map<String, String> form = Map.of("username", account, "password", "parallel-" + i, "_csrf",
                        csrfTokens.get(i));
                answers.add(pool.submit(() -> {
                    start.await();
                    return path(guesser.postForm("/login", form, null));
                }));
            }
            start.countDown();
            List<String> paths = new ArrayList<>();
            for (Future<String> answer : answers) {
                paths.add(answer.get());
            }
            assertThat(paths.stream().filter("/login?error"::equals).count()).as(paths.toString())
                .isEqualTo(ACCOUNT_DELAY_AFTER);
            assertThat(paths.stream().filter("/login?locked"::equals).count()).isEqualTo(guesses - ACCOUNT_DELAY_AFTER);
        }
        finally {
            pool.shutdownNow();
        }
    }

    private List<String> failUntilLocked(String name) throws InterruptedException {
        return GuardWorld.failSignInsUntilLocked(server(), name);
    }

    private String path(Response response) {
        return GuardWorld.path(server(), response);
    }

    private long retryAfter(Response response) {
        Matcher seconds = Pattern.compile("locked=([0-9]+)").matcher(response.header("Location"));
        assertThat(seconds.find()).as(response.header("Location")).isTrue();
        return Long.parseLong(seconds.group(1));
    }

    /** The page a sign-in's redirect shows, without the CSRF token that differs from page to page. */
    private String page(OAuthClient browser, Response signIn) {
        return browser.get(signIn.header("Location").replace(server().baseUrl(), ""), Map.of("Accept", "text/html"))
            .body()
            .replaceAll("name=\"_csrf\" value=\"[^\"]+\"", "");
    }

    private OAuthClient admin() {
        String admin = GuardWorld.newAccount(server(), PASSWORD, true);
        OAuthClient client = server().client().forwardedFor(GuardWorld.newAddress());
        assertThat(client.login(admin, PASSWORD).header("Location")).doesNotContain("/login");
        return client;
    }

    private static String csrf(OAuthClient client, String page) {
        Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"")
            .matcher(client.get(page, Map.of("Accept", "text/html")).body());
        assertThat(csrf.find()).isTrue();
        return csrf.group(1);
    }
}
