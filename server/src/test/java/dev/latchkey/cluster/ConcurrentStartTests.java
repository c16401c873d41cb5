package dev.latchkey.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.RepeatedTest;

import dev.latchkey.support.Database;
import dev.latchkey.support.LatchkeyServer;
import dev.latchkey.support.TestWorld;

/**
 * Two nodes started at the same moment on one empty PostgreSQL both come up, with one set of users,
 * applications and signing keys between them (the start's work is done under a database lock,
 * {@code cluster/StartupLock}): before it, the second node died on a duplicate username in most trials, or each
 * created its own signing keys, which the other did not publish.
 */
class ConcurrentStartTests {

    @RepeatedTest(2)
    void twoNodesStartingTogetherOnAnEmptyDatabaseShareOneProvisioningAndOneSetOfKeys() {
        LatchkeyServer first = LatchkeyServer.configuredWith(Database.POSTGRES, TestWorld.provisioning());
        LatchkeyServer second = first.anotherNode();
        try {
            CompletableFuture<Void> firstStart = CompletableFuture.runAsync(first::boot);
            CompletableFuture<Void> secondStart = CompletableFuture.runAsync(second::boot);
            CompletableFuture.allOf(firstStart, secondStart).join();

            assertThat(first.jdbc().sql("SELECT algorithm FROM signing_key WHERE state = 'active' ORDER BY algorithm")
                .query(String.class).list()).as("one active key per algorithm").containsExactly("ES256", "RS256");
            assertThat(first.jdbc().sql("SELECT COUNT(*) FROM user_account WHERE username = ?").param(TestWorld.ALICE)
                .query(Long.class).single()).isEqualTo(1);
            List<String> firstKeys = kids(first);
            assertThat(kids(second)).as("both nodes publish the same keys").isEqualTo(firstKeys);
            assertThat(second.signedInClient(TestWorld.ALICE, TestWorld.ALICE_PASSWORD).codeFlowTokens(TestWorld.SPA, TestWorld.SPA_REDIRECT, "read").status())
                .isEqualTo(200);
        }
        finally {
            second.close();
            first.close();
        }
    }

    private static List<String> kids(LatchkeyServer node) {
        Map<String, Object> jwks = node.client().get("/o/jwks/", Map.of()).json();
        return ((List<?>) jwks.get("keys")).stream().map(key -> (String) ((Map<?, ?>) key).get("kid")).sorted().toList();
    }
}
