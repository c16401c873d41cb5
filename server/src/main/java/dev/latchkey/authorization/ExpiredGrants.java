package dev.latchkey.authorization;

import static dev.latchkey.authorization.StoredGrantRows.utc;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Deletes what {@link GrantStore} and {@link RotatedRefreshTokens} keep once it can serve nothing any more, in
 * batches, so that no statement holds long locks and the tables stay as large as the live grants need. A grant whose
 * code or refresh token could still come back is kept a while after it expired, so that a late replay is recognised
 * (and refused with an explanation) rather than unknown, and so is a consent page waiting for its answer; a grant
 * that holds none of these goes as soon as it expired.
 */
@Repository
public class ExpiredGrants {

    /**
     * Expired (before now), and either before the cutoff or holding nothing that can come back (no code, no refresh
     * token, no consent page waiting); the first comparison lets the expiry index find them.
     */
    private static final String PURGEABLE = "expires_at < ? AND (expires_at < ? OR (code_hash IS NULL "
            + "AND refresh_token_hash IS NULL AND consent_state_hash IS NULL))";

    private final JdbcClient jdbc;

    public ExpiredGrants(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Deletes grants whose every code and token expired before {@code cutoff}, with their rotated refresh tokens;
     * grants with no code, no refresh token and no consent page waiting (client_credentials, pushed requests) as
     * soon as they expired before {@code now}; and rotated refresh tokens whose own expiry (their
     * family's when they were replaced) passed before {@code cutoff}. At most {@code batch} rows per statement.
     */
    public Purged purge(Instant now, Instant cutoff, int batch) {
        int grants = 0;
        int rotatedTokens = 0;
        List<String> ids;
        do {
            ids = jdbc.sql("SELECT id FROM oauth_authorization WHERE " + PURGEABLE + " FETCH FIRST " + batch + " ROWS ONLY")
                .params(utc(now), utc(cutoff))
                .query(String.class)
                .list();
            if (!ids.isEmpty()) {
                String in = String.join(", ", Collections.nCopies(ids.size(), "?"));
                rotatedTokens += jdbc.sql("DELETE FROM oauth_rotated_refresh_token WHERE authorization_id IN (" + in + ")")
                    .params(ids)
                    .update();
                List<Object> params = new ArrayList<>(ids);
                params.addAll(List.of(utc(now), utc(cutoff)));
                // Checked again: a consent page answered meanwhile gives its grant a code and a new expiry.
                grants += jdbc.sql("DELETE FROM oauth_authorization WHERE id IN (" + in + ") AND (" + PURGEABLE + ")")
                    .params(params)
                    .update();
            }
        }
        while (ids.size() == batch);
        int deleted;
        do {
            deleted = jdbc.sql("DELETE FROM oauth_rotated_refresh_token WHERE token_hash IN (SELECT token_hash FROM "
                    + "oauth_rotated_refresh_token WHERE expires_at < ? FETCH FIRST " + batch + " ROWS ONLY)")
                .param(utc(cutoff))
                .update();
            rotatedTokens += deleted;
        }
        while (deleted == batch);
        return new Purged(grants, rotatedTokens);
    }

    /** How many rows a purge deleted. */
    public record Purged(int grants, int rotatedRefreshTokens) {
    }
}
