package dev.latchkey.protocol.errors;

import static dev.latchkey.support.TestWorld.ALICE;
import static dev.latchkey.support.TestWorld.ALICE_PASSWORD;
import static dev.latchkey.support.TestWorld.BACKEND;
import static dev.latchkey.support.TestWorld.BACKEND_SECRET;
import static dev.latchkey.support.TestWorld.SPA;
import static dev.latchkey.support.TestWorld.SPA_REDIRECT;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.security.oauth2.core.OAuth2Error;

import dev.latchkey.support.Database;
import dev.latchkey.support.LatchkeyServer;
import dev.latchkey.support.OAuthClient;
import dev.latchkey.support.PkcePair;
import dev.latchkey.support.SharedServers;

/**
 * Error descriptions use only the characters RFC 6749 §5.2 allows ({@code %x20-21 / %x23-5B / %x5D-7E}): also
 * those that repeat a value the client sent, and also in redirects.
 */
@ParameterizedClass
@EnumSource(Database.class)
class ErrorDescriptionTests {

    private static final String HOSTILE = "\u00e9\"\\";

    @Parameter
    Database database;

    LatchkeyServer server() {
        return SharedServers.of(database);
    }

    @Test
    void everyRefusalDescriptionIsPrintableAsciiWithoutQuotesOrBackslashes() {
        OAuthClient browser = server().signedInClient(ALICE, ALICE_PASSWORD);
        List<String> descriptions = new ArrayList<>();
        Map<String, String> badVerifier = codeRedemption(browser);
        badVerifier.put("code_verifier", HOSTILE + "a".repeat(40));
        descriptions.add(browser.token(badVerifier).jsonString("error_description"));
        Map<String, String> wrongRedirect = codeRedemption(browser);
        wrongRedirect.put("redirect_uri", SPA_REDIRECT + HOSTILE);
        descriptions.add(browser.token(wrongRedirect).jsonString("error_description"));
        descriptions.add(browser.token(Map.of("grant_type", "pass" + HOSTILE, "client_id", SPA))
            .jsonString("error_description"));
        descriptions.add(browser.postWithBasic("/o/token/", BACKEND, BACKEND_SECRET,
                Map.of("grant_type", "refresh_token", "refresh_token", HOSTILE)).jsonString("error_description"));
        Map<String, String> authorize = new LinkedHashMap<>();
        authorize.put("response_type", "code");
        authorize.put("client_id", SPA);
        authorize.put("redirect_uri", SPA_REDIRECT);
        authorize.put("scope", "read");
        authorize.put("code_challenge", HOSTILE);
        authorize.put("code_challenge_method", "S256");
        descriptions.add(browser.authorize(authorize).locationQuery().get("error_description"));
        authorize.put("code_challenge_method", "s256");
        authorize.put("code_challenge", PkcePair.generate().challenge());
        descriptions.add(browser.authorize(authorize).locationQuery().get("error_description"));

        assertThat(descriptions).doesNotContainNull().allSatisfy(description -> assertThat(description.chars())
            .as(description)
            .allMatch(c -> c >= 0x20 && c <= 0x7E && c != '"' && c != '\\'));
        assertThat(descriptions).as("as helpful as before").anySatisfy(description -> assertThat(description)
            .contains("RFC 7636 section 4.1")).anySatisfy(description -> assertThat(description)
            .contains("is not supported: use authorization_code, refresh_token or client_credentials"));
    }

    @Test
    void printableKeepsWhatIsAllowedAndReplacesTheRest() {
        OAuth2Error error = OAuth2Errors.printable(new OAuth2Error("invalid_request",
                "redirect_uri 'http://x/\u00e9' \"is\" not\\registered\n", null));
        assertThat(error.getDescription()).isEqualTo("redirect_uri 'http://x/?' 'is' not/registered?");
        OAuth2Error allowed = new OAuth2Error("invalid_request", "plain text, (RFC 6749 section 5.2) ~!", null);
        assertThat(OAuth2Errors.printable(allowed)).isSameAs(allowed);
    }

    private Map<String, String> codeRedemption(OAuthClient browser) {
        PkcePair pkce = PkcePair.generate();
        Map<String, String> redemption = new LinkedHashMap<>();
        redemption.put("grant_type", "authorization_code");
        redemption.put("code", browser.authorizeCode(SPA, SPA_REDIRECT, "read", pkce).code());
        redemption.put("redirect_uri", SPA_REDIRECT);
        redemption.put("client_id", SPA);
        redemption.put("code_verifier", pkce.verifier());
        return redemption;
    }
}
