package dev.latchkey.authorization;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.zaxxer.hikari.HikariDataSource;

import dev.latchkey.authorization.GrantRevokedEvent.Cause;
import dev.latchkey.authorization.RotatedRefreshTokens.RetryAnswer;
import dev.latchkey.authorization.RotatedRefreshTokens.SealedAnswer;
import dev.latchkey.authorization.StoredGrant.AuthorizationRequest;
import dev.latchkey.authorization.StoredGrant.SignIn;
import dev.latchkey.support.Database;
import dev.latchkey.support.MigratedDatabase;
import dev.latchkey.support.StatementLog;

/**
 * The grant store's operations on a real database of each kind: single use decided by the database (also
 * when threads race), revocation of a set as one statement announced once per grant, and what each
 * operation leaves stored.
 */
@ParameterizedClass
@EnumSource(Database.class)
class GrantStoreTests {

    private static final int RACERS = 20;

    @Parameter
    Database database;

    private HikariDataSource dataSource;

    private final StatementLog statements = new StatementLog();

    private final List<GrantRevokedEvent> events = Collections.synchronizedList(new ArrayList<>());

    private GrantStore store;

    private RotatedRefreshTokens rotatedTokens;

    @BeforeEach
    void freshDatabase() {
        dataSource = MigratedDatabase.create(database);
        DataSource logged = statements.around(dataSource);
        rotatedTokens = new RotatedRefreshTokens(JdbcClient.create(logged));
        store = new GrantStore(JdbcClient.create(logged), logged,
                new TransactionTemplate(new DataSourceTransactionManager(logged)),
                event -> events.add((GrantRevokedEvent) event), rotatedTokens);
    }

    @AfterEach
    void closeDatabase() {
        dataSource.close();
    }

    @Test
    void insertedGrantIsFoundByEachOfItsHashesAndByItsId() {
        StoredGrant grant = redeemedGrant("alice", "spa");
        store.insert(grant);

        for (TokenKind kind : List.of(TokenKind.AUTHORIZATION_CODE, TokenKind.ACCESS_TOKEN, TokenKind.REFRESH_TOKEN,
                TokenKind.ID_TOKEN)) {
            StoredGrant found = store.find(kind, hashOf(grant, kind)).orElseThrow();
            assertThat(found).as(kind.name()).usingRecursiveComparison().isEqualTo(grant);
        }
        assertThat(store.findById(grant.id())).contains(grant);
        assertThat(store.find(TokenKind.ACCESS_TOKEN, grant.refreshToken().hash())).as("a hash of another kind").isEmpty();
        assertThat(store.find(TokenKind.CONSENT_STATE, hash())).isEmpty();
    }

    @Test
    void consumeCodeStoresWhatWasIssuedOnceAndASecondConsumeChangesNothing() {
        StoredGrant grant = codeGrant("alice", "spa");
        store.insert(grant);
        TokenIssue first = issue();

        assertThat(store.consumeCode(grant.code().hash(), first)).isTrue();
        assertThat(store.consumeCode(grant.code().hash(), issue())).isFalse();

        StoredGrant stored = store.findById(grant.id()).orElseThrow();
        assertThat(stored.isCodeConsumed()).isTrue();
        assertThat(stored.accessToken().hash()).isEqualTo(first.accessToken().hash());
        assertThat(stored.refreshToken().hash()).isEqualTo(first.refreshToken().hash());
        assertThat(stored.idToken().hash()).isEqualTo(first.idToken().hash());
        assertThat(stored.subject()).isEqualTo(first.subject());
        assertThat(stored.accessTokenScopes()).isEqualTo(first.accessTokenScopes());
        assertThat(stored.expiresAt()).isEqualTo(first.refreshToken().expiresAt());
    }

    @Test
    void consumeCodeWhenTwentyRedemptionsRaceThenExactlyOneWinsAndItsTokensAreTheOnesStored() throws Exception {
        StoredGrant grant = codeGrant("alice", "spa");
        store.insert(grant);
        List<TokenIssue> issues = new ArrayList<>();
        for (int i = 0; i < RACERS; i++) {
            issues.add(issue());
        }

        List<Boolean> won = race(i -> store.consumeCode(grant.code().hash(), issues.get(i)));

        assertThat(won).containsOnlyOnce(true);
        TokenIssue winner = issues.get(won.indexOf(true));
        assertThat(store.findById(grant.id()).orElseThrow().accessToken().hash()).isEqualTo(winner.accessToken().hash());
    }

    @Test
    void consumeCodeWhenTheGrantWasRevokedStoresNothing() {
        StoredGrant grant = codeGrant("alice", "spa");
        store.insert(grant);
        store.revoke(GrantSelector.byId(grant.id()), Cause.OPERATOR, "test");

        assertThat(store.consumeCode(grant.code().hash(), issue())).isFalse();
        assertThat(store.findById(grant.id()).orElseThrow().accessToken()).isNull();
    }

    @Test
    void invalidateCodeBurnsItOnceWithoutIssuingAnything() {
        StoredGrant grant = codeGrant("alice", "spa");
        store.insert(grant);

        assertThat(store.invalidateCode(grant.code().hash())).isTrue();
        assertThat(store.invalidateCode(grant.code().hash())).isFalse();
        assertThat(store.consumeCode(grant.code().hash(), issue())).isFalse();
        StoredGrant stored = store.findById(grant.id()).orElseThrow();
        assertThat(stored.isCodeConsumed()).isTrue();
        assertThat(stored.hasIssuedTokens()).isFalse();
    }

    @Test
    void rotateRefreshTokenReplacesTheCurrentOneAndRemembersTheOldAsRotated() {
        StoredGrant grant = redeemedGrant("alice", "spa");
        store.insert(grant);
        String old = grant.refreshToken().hash();
        TokenIssue refresh = new TokenIssue(token(Duration.ofMinutes(5)), Set.of("read"), token(Duration.ofDays(30)), null,
                null, null);

        assertThat(store.rotateRefreshToken(grant.id(), old, refresh, null)).isTrue();
        assertThat(store.rotateRefreshToken(grant.id(), old, issue(), null)).as("the old one again").isFalse();

        StoredGrant stored = store.findById(grant.id()).orElseThrow();
        assertThat(stored.refreshToken().hash()).isEqualTo(refresh.refreshToken().hash());
        assertThat(stored.accessToken().hash()).isEqualTo(refresh.accessToken().hash());
        assertThat(stored.accessTokenScopes()).containsExactly("read");
        assertThat(stored.authorizedScopes()).as("a narrower refresh keeps the grant").isEqualTo(grant.authorizedScopes());
        assertThat(stored.idToken()).as("no new ID token: the last one stays").isEqualTo(grant.idToken());
        assertThat(rotatedTokens.isRotated(old)).isTrue();
        assertThat(rotatedTokens.isRotated(refresh.refreshToken().hash())).isFalse();
        assertThat(store.find(TokenKind.REFRESH_TOKEN, old)).isEmpty();
    }

    @Test
    void retryAnswerIsFoundWithinItsWindowOnlyWhileTheSuccessorIsUnusedAndTheGrantLive() {
        StoredGrant grant = redeemedGrant("alice", "spa");
        StoredGrant revoked = redeemedGrant("alice", "spa");
        store.insert(grant);
        store.insert(revoked);
        String first = grant.refreshToken().hash();
        TokenIssue refresh = issue();
        Instant until = now().plus(1, ChronoUnit.MINUTES);
        store.rotateRefreshToken(grant.id(), first, refresh, new SealedAnswer("0a1b", until));
        store.rotateRefreshToken(revoked.id(), revoked.refreshToken().hash(), issue(), new SealedAnswer("2c3d", until));
        store.revoke(GrantSelector.byId(revoked.id()), Cause.CLIENT, "signed out");

        assertThat(rotatedTokens.findRetryAnswer(first, now())).contains(new RetryAnswer(grant.id(), "spa", "0a1b"));
        assertThat(rotatedTokens.findRetryAnswer(first, until)).as("the window has passed").isEmpty();
        assertThat(rotatedTokens.findRetryAnswer(revoked.refreshToken().hash(), now())).as("revoked").isEmpty();
        assertThat(rotatedTokens.findRetryAnswer(refresh.refreshToken().hash(), now())).as("not rotated").isEmpty();

        store.rotateRefreshToken(grant.id(), refresh.refreshToken().hash(), issue(), new SealedAnswer("4e5f", until));

        assertThat(rotatedTokens.findRetryAnswer(first, now())).as("its successor was used").isEmpty();
        assertThat(rotatedTokens.findRetryAnswer(refresh.refreshToken().hash(), now())).isPresent();
    }

    @Test
    void forgetLapsedRetryAnswersErasesOnlyTheAnswersWhoseWindowHasPassed() {
        List<String> lapsed = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            StoredGrant grant = redeemedGrant("alice", "spa");
            store.insert(grant);
            store.rotateRefreshToken(grant.id(), grant.refreshToken().hash(), issue(),
                    new SealedAnswer("0a1b", now().minusSeconds(1)));
            lapsed.add(grant.refreshToken().hash());
        }
        StoredGrant live = redeemedGrant("alice", "spa");
        store.insert(live);
        store.rotateRefreshToken(live.id(), live.refreshToken().hash(), issue(),
                new SealedAnswer("2c3d", now().plus(1, ChronoUnit.MINUTES)));

        assertThat(rotatedTokens.forgetLapsedRetryAnswers(now(), 2)).isEqualTo(3);

        JdbcClient jdbc = JdbcClient.create(dataSource);
        assertThat(lapsed).allSatisfy(hash -> assertThat(jdbc
            .sql("SELECT COUNT(*) FROM oauth_rotated_refresh_token WHERE token_hash = ? AND retry_answer IS NULL "
                    + "AND retry_until IS NULL")
            .param(hash).query(Long.class).single()).as("erased, still known as rotated").isEqualTo(1));
        assertThat(rotatedTokens.findRetryAnswer(live.refreshToken().hash(), now())).isPresent();
    }

    @Test
    void rotateRefreshTokenWhenTwentyRefreshesRaceThenExactlyOneWins() throws Exception {
        StoredGrant grant = redeemedGrant("alice", "spa");
        store.insert(grant);

        List<Boolean> won = race(i -> store.rotateRefreshToken(grant.id(), grant.refreshToken().hash(), issue(), null));

        assertThat(won).containsOnlyOnce(true);
        assertThat(rotatedTokens.isRotated(grant.refreshToken().hash())).isTrue();
    }

    @Test
    void revokingAThousandGrantsOfAUserIsOneStatementAndAnnouncesEachGrantOnce() {
        List<String> alices = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            StoredGrant grant = redeemedGrant("alice", i % 2 == 0 ? "spa" : "backend");
            store.insert(grant);
            alices.add(grant.id());
        }
        StoredGrant bobs = redeemedGrant("bob", "spa");
        store.insert(bobs);
        statements.clear();

        int revoked = store.revoke(GrantSelector.byUser("alice"), Cause.OPERATOR, "alice left");

        assertThat(revoked).isEqualTo(1_000);
        assertThat(statements.recorded()).as("one statement, no read before or after").singleElement()
            .satisfies(sql -> assertThat(sql).containsIgnoringCase("UPDATE oauth_authorization SET revoked_at"));
        assertThat(events).extracting(GrantRevokedEvent::authorizationId).containsExactlyInAnyOrderElementsOf(alices);
        assertThat(events).allSatisfy(event -> {
            assertThat(event.principalName()).isEqualTo("alice");
            assertThat(event.cause()).isEqualTo(Cause.OPERATOR);
            assertThat(event.reason()).isEqualTo("alice left");
        });
        assertThat(store.findById(alices.get(0)).orElseThrow().isRevoked()).isTrue();
        assertThat(store.findById(bobs.id()).orElseThrow().isRevoked()).as("another user's grant").isFalse();

        events.clear();
        assertThat(store.revoke(GrantSelector.byUser("alice"), Cause.OPERATOR, "again")).isZero();
        assertThat(events).as("a grant is announced when it is revoked, not again").isEmpty();
    }

    @Test
    void overlappingRevocationsRacingAnnounceEachGrantExactlyOnce() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            StoredGrant grant = redeemedGrant(i % 2 == 0 ? "alice" : "bob", "spa");
            store.insert(grant);
            ids.add(grant.id());
        }
        List<GrantSelector> selectors = List.of(GrantSelector.byUser("alice"), GrantSelector.byApplication("spa"),
                GrantSelector.byUserAndApplication("bob", "spa"), GrantSelector.byUser("bob"));

        List<Integer> counts = race(i -> store.revoke(selectors.get(i % selectors.size()), Cause.OPERATOR, "race"));

        assertThat(counts.stream().mapToInt(Integer::intValue).sum()).isEqualTo(ids.size());
        assertThat(events).extracting(GrantRevokedEvent::authorizationId).containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    void revokingByARotatedRefreshTokenEndsItsWholeFamilyOnly() {
        StoredGrant family = redeemedGrant("alice", "spa");
        StoredGrant other = redeemedGrant("alice", "spa");
        store.insert(family);
        store.insert(other);
        String rotated = family.refreshToken().hash();
        store.rotateRefreshToken(family.id(), rotated, issue(), null);

        assertThat(store.revoke(GrantSelector.byRotatedRefreshToken(rotated), Cause.REFRESH_TOKEN_REPLAY, "replay"))
            .isEqualTo(1);

        assertThat(store.findById(family.id()).orElseThrow().isRevoked()).isTrue();
        assertThat(store.findById(other.id()).orElseThrow().isRevoked()).isFalse();
        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.authorizationId()).isEqualTo(family.id());
            assertThat(event.clientId()).isEqualTo("spa");
            assertThat(event.cause()).isEqualTo(Cause.REFRESH_TOKEN_REPLAY);
        });
        assertThat(store.revoke(GrantSelector.byCode(family.code().hash()), Cause.CODE_REPLAY, "again")).isZero();
    }

    @Test
    void approveGivesTheWaitingGrantItsCodeOnceForOneConsentState() {
        String state = hash();
        StoredGrant waiting = new StoredGrant(UUID.randomUUID().toString(), "consent-spa", "alice", "authorization_code",
                Set.of(), request(), state, null, null, null, null, null, null, null, signIn(), null, now(),
                now().plus(1, ChronoUnit.HOURS), null, null);
        store.insert(waiting);
        StoredToken code = token(Duration.ofMinutes(1));

        assertThat(store.approve(waiting.id(), state, code, Set.of("read"))).isTrue();
        assertThat(store.approve(waiting.id(), state, token(Duration.ofMinutes(1)), Set.of("read", "write")))
            .as("the same page answered again").isFalse();

        StoredGrant approved = store.find(TokenKind.AUTHORIZATION_CODE, code.hash()).orElseThrow();
        assertThat(approved.id()).isEqualTo(waiting.id());
        assertThat(approved.authorizedScopes()).containsExactly("read");
        assertThat(approved.consentStateHash()).isNull();
        assertThat(store.find(TokenKind.CONSENT_STATE, state)).isEmpty();
    }

    @Test
    void findActiveAccessTokenPrincipalOnlyWhileUnexpiredAndUnrevoked() {
        StoredGrant live = redeemedGrant("alice", "spa");
        StoredGrant expired = new StoredGrant(UUID.randomUUID().toString(), "backend", "backend", "client_credentials",
                Set.of("read"), null, null, null, null, new StoredToken(hash(), now().minusSeconds(60), now().minusSeconds(1)),
                Set.of("read"), null, null, null, null, null, now(), now().minusSeconds(1), null, null);
        store.insert(live);
        store.insert(expired);

        assertThat(store.findActiveAccessTokenPrincipal(live.accessToken().hash())).contains("alice");
        assertThat(store.findActiveAccessTokenPrincipal(expired.accessToken().hash())).isEmpty();
        assertThat(store.findActiveAccessTokenPrincipal(hash())).isEmpty();
        store.revoke(GrantSelector.byId(live.id()), Cause.CLIENT, "revoked");
        assertThat(store.findActiveAccessTokenPrincipal(live.accessToken().hash())).isEmpty();
    }

    @Test
    void purgeExpiredDeletesWhatExpiredBeforeTheCutoffInBatchesAndKeepsTheRest() {
        List<String> old = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            StoredGrant grant = new StoredGrant(UUID.randomUUID().toString(), "backend", "backend", "client_credentials",
                    Set.of(), null, null, null, null, new StoredToken(hash(), now().minus(3, ChronoUnit.DAYS),
                            now().minus(2, ChronoUnit.DAYS)), Set.of(), null, null, null, null, null,
                    now().minus(3, ChronoUnit.DAYS), now().minus(2, ChronoUnit.DAYS), null, null);
            store.insert(grant);
            old.add(grant.id());
        }
        StoredGrant live = redeemedGrant("alice", "spa");
        store.insert(live);

        ExpiredGrants.Purged purged = new ExpiredGrants(JdbcClient.create(dataSource)).purge(now(),
                now().minus(1, ChronoUnit.DAYS), 2);

        assertThat(purged.grants()).isEqualTo(5);
        assertThat(old).allSatisfy(id -> assertThat(store.findById(id)).isEmpty());
        assertThat(store.findById(live.id())).isPresent();
    }

    /** Runs {@value #RACERS} calls at once, released together; their results in call order. */
    private <T> List<T> race(IndexedCall<T> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(RACERS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < RACERS; i++) {
                int index = i;
                Callable<T> racer = () -> {
                    start.await();
                    return call.apply(index);
                };
                futures.add(pool.submit(racer));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        }
        finally {
            pool.shutdownNow();
        }
    }

    private interface IndexedCall<T> {

        T apply(int index);
    }

    private static StoredGrant codeGrant(String user, String clientId) {
        return new StoredGrant(UUID.randomUUID().toString(), clientId, user, "authorization_code", Set.of("read", "write"),
                request(), null, token(Duration.ofMinutes(1)), null, null, null, null, null, null, signIn(), null, now(),
                now().plus(1, ChronoUnit.MINUTES), null, null);
    }

    /** A grant whose code was redeemed: access, refresh and ID tokens issued. */
    private static StoredGrant redeemedGrant(String user, String clientId) {
        StoredToken refresh = token(Duration.ofDays(30));
        return new StoredGrant(UUID.randomUUID().toString(), clientId, user, "authorization_code",
                Set.of("openid", "read", "write"), request(), null, token(Duration.ofMinutes(1)), now(),
                token(Duration.ofMinutes(5)), Set.of("openid", "read", "write"), refresh, token(Duration.ofMinutes(30)),
                UUID.randomUUID().toString(), signIn(), null, now(), refresh.expiresAt(), null, null);
    }

    private static TokenIssue issue() {
        return new TokenIssue(token(Duration.ofMinutes(5)), Set.of("openid", "read"), token(Duration.ofDays(30)),
                token(Duration.ofMinutes(30)), UUID.randomUUID().toString(), null);
    }

    private static AuthorizationRequest request() {
        return new AuthorizationRequest(Set.of("read", "write"), "http://spa/cb", "client-state", hash().substring(0, 43),
                "S256", "nonce-1", Map.of());
    }

    private static SignIn signIn() {
        return new SignIn("session-" + UUID.randomUUID(), now().minusSeconds(5));
    }

    private static StoredToken token(Duration lifetime) {
        return new StoredToken(hash(), now(), now().plus(lifetime));
    }

    private static String hash() {
        return (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
    }

    /** Whole seconds: what both databases keep exactly. */
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }

    private static String hashOf(StoredGrant grant, TokenKind kind) {
        return switch (kind) {
            case AUTHORIZATION_CODE -> grant.code().hash();
            case ACCESS_TOKEN -> grant.accessToken().hash();
            case REFRESH_TOKEN -> grant.refreshToken().hash();
            case ID_TOKEN -> grant.idToken().hash();
            case CONSENT_STATE -> grant.consentStateHash();
            case PUSHED_REQUEST -> grant.requestUriHash();
        };
    }
}
