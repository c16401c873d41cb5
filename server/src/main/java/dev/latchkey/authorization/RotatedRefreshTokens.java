package dev.latchkey.authorization;

import static dev.latchkey.authorization.StoredGrantRows.utc;

import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Owns {@code oauth_rotated_refresh_token}: the refresh tokens that a refresh replaced, as SHA-256 hashes, each
 * with the hash of the token that replaced it and, for the retry window only, the answer of that refresh sealed
 * with the replaced token ({@link SuccessorSeal}). A rotated token presented again is a replay (RFC 9700
 * §4.14.2), unless it is a retry that this table can still answer.
 */
@Repository
public class RotatedRefreshTokens {

    private final JdbcClient jdbc;

    public RotatedRefreshTokens(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Remembers a replaced refresh token; called in the transaction of the rotation that replaced it.
     *
     * @param answer {@code null} when retries get no answer (the window is off)
     */
    void remember(String tokenHash, String grantId, String successorHash, Instant familyExpiresAt, SealedAnswer answer) {
        jdbc.sql("INSERT INTO oauth_rotated_refresh_token (token_hash, authorization_id, rotated_at, expires_at, "
                + "successor_hash, retry_answer, retry_until) VALUES (?, ?, ?, ?, ?, ?, ?)")
            .params(tokenHash, grantId, utc(Instant.now()), utc(familyExpiresAt), successorHash,
                    answer == null ? null : answer.sealed(), answer == null ? null : utc(answer.until()))
            .update();
    }

    public boolean isRotated(String tokenHash) {
        return jdbc.sql("SELECT COUNT(*) FROM oauth_rotated_refresh_token WHERE token_hash = ?")
            .param(tokenHash)
            .query(Long.class)
            .single() > 0;
    }

    /**
     * The sealed answer of the refresh that replaced this token, while a retry of it may still have it: its window
     * has not passed, the grant is not revoked, and the token that replaced this one is still the grant's current
     * one (once that was used, this token coming back is a replay).
     */
    Optional<RetryAnswer> findRetryAnswer(String tokenHash, Instant now) {
        return jdbc.sql("SELECT a.id, a.client_id, r.retry_answer FROM oauth_rotated_refresh_token r "
                + "JOIN oauth_authorization a ON a.id = r.authorization_id WHERE r.token_hash = ? AND r.retry_until > ? "
                + "AND a.refresh_token_hash = r.successor_hash AND a.revoked_at IS NULL")
            .params(tokenHash, utc(now))
            .query((rs, row) -> new RetryAnswer(rs.getString(1), rs.getString(2), rs.getString(3)))
            .optional();
    }

    /**
     * Erases the sealed answers whose window has passed, at most {@code batch} rows per statement.
     *
     * @return how many were erased
     */
    public int forgetLapsedRetryAnswers(Instant now, int batch) {
        int total = 0;
        int erased;
        do {
            erased = jdbc.sql("UPDATE oauth_rotated_refresh_token SET retry_answer = NULL, retry_until = NULL "
                    + "WHERE token_hash IN (SELECT token_hash FROM oauth_rotated_refresh_token WHERE retry_until <= ? "
                    + "FETCH FIRST " + batch + " ROWS ONLY)")
                .param(utc(now))
                .update();
            total += erased;
        }
        while (erased == batch);
        return total;
    }

    /** A refresh's answer sealed for its retries, and until when a retry may have it. */
    record SealedAnswer(String sealed, Instant until) {
    }

    /** A sealed answer found for a retry, and the grant it belongs to. */
    record RetryAnswer(String grantId, String clientId, String sealed) {
    }
}
