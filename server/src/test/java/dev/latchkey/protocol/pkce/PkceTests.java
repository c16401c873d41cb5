package dev.latchkey.protocol.pkce;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The RFC 7636 rules of {@link Pkce} on their own: the S256 transform, verifier and challenge syntax, messages. */
class PkceTests {

    /** RFC 7636 Appendix B. */
    private static final String APPENDIX_B_VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

    private static final String APPENDIX_B_CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    @Test
    void s256TransformsTheAppendixBVerifierIntoItsChallenge() {
        assertThat(Pkce.s256(APPENDIX_B_VERIFIER)).isEqualTo(APPENDIX_B_CHALLENGE);
    }

    @Test
    void verifierOf43Or128UnreservedCharactersIsAccepted() {
        assertThat(Pkce.verifierProblem(APPENDIX_B_VERIFIER)).isNull();
        assertThat(Pkce.verifierProblem("a".repeat(43))).isNull();
        assertThat(Pkce.verifierProblem("Z9".repeat(64))).isNull();
    }

    @Test
    void verifierUsingEveryUnreservedCharacterClassIsAccepted() {
        assertThat(Pkce.verifierProblem("ABCXYZabcxyz0189-._~" + "a".repeat(23))).isNull();
    }

    @Test
    void verifierWhenShorterThan43CharactersThenRefusedWithTheRfc7636Rule() {
        assertThat(Pkce.verifierProblem("a".repeat(42))).contains("43 to 128 characters", "RFC 7636 section 4.1",
                "this one has 42 characters");
        assertThat(Pkce.verifierProblem("12345")).contains("43 to 128", "this one has 5 characters");
        assertThat(Pkce.verifierProblem("x")).contains("this one has 1 character.");
    }

    @Test
    void verifierWhenLongerThan128CharactersThenRefused() {
        assertThat(Pkce.verifierProblem("a".repeat(129))).contains("43 to 128 characters", "this one has 129 characters")
            .doesNotContain("others than those");
    }

    @Test
    void verifierWhenItHasCharactersOutsideTheUnreservedSetThenRefusedNamingThem() {
        for (String forbidden : new String[] { "+", "/", "=", " ", "%", "é" }) {
            assertThat(Pkce.verifierProblem("a".repeat(42) + forbidden)).as("verifier ending in '%s'", forbidden)
                .contains("A-Z, a-z, 0-9, '-', '.', '_' and '~'", "this one has 43 characters but others than those");
        }
    }

    @Test
    void verifierWhenMissingThenRefusedAskingForIt() {
        assertThat(Pkce.verifierProblem(null)).startsWith("code_verifier is required");
        assertThat(Pkce.verifierProblem("")).startsWith("code_verifier is required");
    }

    @Test
    void s256ChallengeOfExactly43Base64UrlCharactersIsAccepted() {
        assertThat(Pkce.challengeProblem(APPENDIX_B_CHALLENGE, "S256", false)).isNull();
        assertThat(Pkce.challengeProblem(APPENDIX_B_CHALLENGE, "S256", true)).isNull();
    }

    @Test
    void s256ChallengeWhenNotExactly43Base64UrlCharactersThenRefused() {
        String[] malformed = { "abcdefghij", APPENDIX_B_CHALLENGE.substring(1), APPENDIX_B_CHALLENGE + "=",
                APPENDIX_B_CHALLENGE + "A", APPENDIX_B_CHALLENGE.substring(1) + "~", APPENDIX_B_CHALLENGE.substring(1) + "+" };
        for (String challenge : malformed) {
            assertThat(Pkce.challengeProblem(challenge, "S256", true)).as(challenge)
                .contains("exactly 43 characters", "RFC 7636 section 4.2");
        }
    }

    @Test
    void challengeMethodIsCaseSensitive() {
        assertThat(Pkce.challengeProblem(APPENDIX_B_CHALLENGE, "s256", false)).contains("'s256' is not supported",
                "case-sensitive", "S256");
        assertThat(Pkce.challengeProblem(APPENDIX_B_CHALLENGE, "PLAIN", true)).contains("'PLAIN' is not supported");
    }

    @Test
    void challengeMethodWhenUnknownThenRefusedAskingForS256() {
        assertThat(Pkce.challengeProblem(APPENDIX_B_CHALLENGE, "S512", true)).contains("'S512' is not supported",
                "use S256");
    }

    @Test
    void challengeMethodWhenMissingMeansPlainWhichOnlyAnAllowedClientGets() {
        assertThat(Pkce.challengeProblem(APPENDIX_B_CHALLENGE, null, false)).contains("code_challenge_method is missing",
                "RFC 7636 section 4.3", "plain", "code_challenge_method=S256");
        assertThat(Pkce.challengeProblem(APPENDIX_B_CHALLENGE, "", false)).contains("code_challenge_method is missing");
        assertThat(Pkce.challengeProblem(APPENDIX_B_VERIFIER, null, true)).isNull();
    }

    @Test
    void plainChallengeWhenTheClientIsNotAllowedPlainThenRefused() {
        assertThat(Pkce.challengeProblem(APPENDIX_B_VERIFIER, "plain", false)).contains("'plain' is not allowed",
                "use S256");
    }

    @Test
    void plainChallengeFollowsTheVerifierSyntax() {
        assertThat(Pkce.challengeProblem("a".repeat(43), "plain", true)).isNull();
        assertThat(Pkce.challengeProblem("a".repeat(128), "plain", true)).isNull();
        for (String challenge : new String[] { "a".repeat(42), "a".repeat(129), "a".repeat(42) + "+", "12345" }) {
            assertThat(Pkce.challengeProblem(challenge, "plain", true)).as(challenge)
                .contains("43 to 128 characters", "'plain' it is the code_verifier itself");
        }
    }
}
