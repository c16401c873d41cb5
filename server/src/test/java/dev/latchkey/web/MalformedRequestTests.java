package dev.latchkey.web;

import static dev.latchkey.support.TestWorld.SPA;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import dev.latchkey.support.Database;
import dev.latchkey.support.LatchkeyServer;
import dev.latchkey.support.RawHttp;
import dev.latchkey.support.RawHttp.Answer;
import dev.latchkey.support.SharedServers;

/**
 * Requests whose bytes cannot be read as parameters, found by the hostile-request fuzz ({@code dev.latchkey.fuzz}):
 * each was a 500 (Tomcat 11 throws from {@code getParameter} on what it cannot decode) or left a session behind.
 * Now each is a 4xx {@code invalid_request} (RFC 6749 §5.2) that says what to fix, before any endpoint runs, and
 * stores nothing: no grant, no session.
 */
@ParameterizedClass
@EnumSource(Database.class)
class MalformedRequestTests {

    private static final String FORM = "Content-Type: application/x-www-form-urlencoded";

    @Parameter
    Database database;

    LatchkeyServer server() {
        return SharedServers.of(database);
    }

    @Test
    void authorizeWhenQueryHasABrokenPercentEscapeThen400NamingTheEncodingAndNothingStored() {
        List<Long> before = stored();

        Answer answer = RawHttp.send(server(), "GET", "/o/authorize/?response_type=code&client_id=" + SPA + "&state=%ZZ",
                null, "Accept: text/html");

        assertRefused(answer, 400, "percent-encoded UTF-8");
        assertThat(stored()).isEqualTo(before);
    }

    @Test
    void authorizeWhenAPathParameterHasABrokenPercentEscapeThen400RatherThanAServerError() {
        List<Long> before = stored();

        Answer answer = RawHttp.send(server(), "GET", "/o/authorize/;jsessionid=1%ZZ?response_type=code&client_id="
                + SPA, null, "Accept: text/html");

        assertRefused(answer, 400, "broken percent-escape");
        assertThat(stored()).isEqualTo(before);
    }

    @Test
    void tokenWhenAParameterIsInTheQueryAndTheBodyThen400NamingItRatherThanAServerError() {
        Answer answer = RawHttp.send(server(), "POST", "/o/token/?code_verifier=",
                "grant_type=authorization_code&client_id=" + SPA + "&code=x&code_verifier=" + "v".repeat(43), FORM);

        assertRefused(answer, 400, "code_verifier is sent both in the URL and in the body");
    }

    @Test
    void tokenWhenFormIsNotUtf8Then400InvalidRequest() {
        Answer answer = RawHttp.send(server(), "POST", "/o/token/",
                "grant_type=authorization_code&client_id=" + SPA + "&code=%C3%28", FORM);

        assertRefused(answer, 400, "percent-encoded UTF-8");
    }

    @Test
    void tokenWhenAParameterHasNoNameThen400InvalidRequest() {
        Answer answer = RawHttp.send(server(), "POST", "/o/token/", "=code&grant_type=authorization_code", FORM);

        assertRefused(answer, 400, "name=value with a name");
    }

    @Test
    void tokenWhenMoreThanAThousandParametersThen400NamingTheLimit() {
        StringBuilder form = new StringBuilder("grant_type=authorization_code");
        for (int i = 0; i < 1001; i++) {
            form.append("&p").append(i).append("=1");
        }

        Answer answer = RawHttp.send(server(), "POST", "/o/token/", form.toString(), FORM);

        assertRefused(answer, 400, "at most 1000 of them");
    }

    @Test
    void tokenWhenAParameterHoldsNulThen400InvalidRequest() {
        Answer answer = RawHttp.send(server(), "POST", "/o/token/", "grant_type=refresh_token&refresh_token=a%00b", FORM);

        assertRefused(answer, 400, "NUL character");
    }

    @Test
    void tokenWhenBodyIsThreeMegabytesThen413BeforeReadingIt() {
        Answer answer = RawHttp.send(server(), "POST", "/o/token/",
                "grant_type=client_credentials&padding=" + "x".repeat(3 * 1024 * 1024), FORM);

        assertRefused(answer, 413, "larger than 256 KB");
    }

    @Test
    void tokenWhenBodyIsMultipartThen415() {
        Answer answer = RawHttp.send(server(), "POST", "/o/token/",
                "--b\r\nContent-Disposition: form-data; name=\"grant_type\"\r\n\r\nclient_credentials\r\n--b--\r\n",
                "Content-Type: multipart/form-data; boundary=b");

        assertRefused(answer, 415, "multipart bodies are not accepted");
    }

    @Test
    void tokenWhenCharsetIsUnknownThen415() {
        Answer answer = RawHttp.send(server(), "POST", "/o/token/", "grant_type=client_credentials",
                "Content-Type: application/x-www-form-urlencoded; charset=bogus");

        assertRefused(answer, 415, "known charset");
    }

    @Test
    void loginPageWhenQueryHasInvalidUtf8Then400RatherThanAServerError() {
        List<Long> before = stored();

        Answer answer = RawHttp.send(server(), "GET", "/login?error&x=%C3%28", null, "Accept: text/html");

        assertRefused(answer, 400, "percent-encoded UTF-8");
        assertThat(stored()).isEqualTo(before);
    }

    /** Spring's form parser for methods other than POST threw on the broken escape. */
    @Test
    void loginWhenPutWithABrokenEscapeInItsFormThen403RatherThanAServerError() {
        Answer answer = RawHttp.send(server(), "PUT", "/login", "username=nobody&password=x&_csrf=%ZZ", FORM,
                "Accept: text/html");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(403);
    }

    /** Spring's CSRF handler threw on a token that unmasks to bytes that are not UTF-8: a 500. */
    @Test
    void loginWhenCsrfTokenUnmasksToInvalidUtf8Then403AndNoSessionIsStored() {
        byte[] forged = new byte[72];
        Arrays.fill(forged, 36, 72, (byte) 0xFF);
        List<Long> before = stored();

        Answer answer = RawHttp.send(server(), "POST", "/login", "username=nobody&password=wrong-password-123&_csrf="
                + Base64.getUrlEncoder().withoutPadding().encodeToString(forged), FORM, "Accept: text/html");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(403);
        assertThat(answer.headers("Set-Cookie")).noneMatch(cookie -> cookie.startsWith("SESSION="));
        assertThat(stored()).as("no session was opened to keep a token nobody was shown").isEqualTo(before);
    }

    @Test
    void errorPageWhenRequestedDirectlyThen404RatherThanAServerError() {
        Answer answer = RawHttp.send(server(), "GET", "/error", null, "Accept: text/html");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(404);
    }

    /** Spring's request cache kept any refused request without {@code Accept: application/json} in a new session. */
    @Test
    void apiWhenRefusedWithAnUnparseableAcceptThen401AndNoSessionIsStored() {
        List<Long> before = stored();

        for (String path : List.of("/api/test/", "/o/userinfo/")) {
            Answer answer = RawHttp.send(server(), "GET", path, null, "Accept: text/html;q=x",
                    "Authorization: Basic " + Base64.getEncoder().encodeToString("a:b".getBytes(StandardCharsets.UTF_8)));

            assertThat(answer.status()).as(answer.toString()).isEqualTo(401);
            assertThat(answer.headers("Set-Cookie")).as(path).noneMatch(cookie -> cookie.startsWith("SESSION="));
        }
        assertThat(stored()).isEqualTo(before);
    }

    private static void assertRefused(Answer answer, int status, String description) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
        assertThat(answer.header("Content-Type")).startsWith("application/json");
        assertThat(answer.text()).contains("\"error\":\"invalid_request\"").contains(description);
        assertThat(answer.headers("Set-Cookie")).noneMatch(cookie -> cookie.startsWith("SESSION="));
    }

    /** How many grants and sessions the server stores. */
    private List<Long> stored() {
        return List.of(count("oauth_authorization"), count("spring_session"));
    }

    private long count(String table) {
        return server().jdbc().sql("SELECT COUNT(*) FROM " + table).query(Long.class).single();
    }
}
