package dev.latchkey.protocol.dpop;

import java.time.Instant;
import java.time.ZoneOffset;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The DPoP proofs already presented ({@code dpop_proof}), so that each is accepted once (RFC 9449 §11.1) by
 * every node sharing the database: the primary key decides, also between two nodes that see one proof at the
 * same moment. A proof is remembered by the SHA-256 of its key's thumbprint and its {@code jti} (another
 * client's proof cannot use up this one's jti) until its {@code iat} makes it unacceptable anyway.
 */
@Repository
public class SeenProofs {

    private final JdbcClient jdbc;

    public SeenProofs(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Remembers a proof until {@code keepUntil}.
     *
     * @return {@code false} when it was presented before
     */
    public boolean firstUse(String proofHash, Instant keepUntil) {
        try {
            jdbc.sql("INSERT INTO dpop_proof (proof_hash, expires_at) VALUES (?, ?)")
                .params(proofHash, keepUntil.atOffset(ZoneOffset.UTC))
                .update();
            return true;
        }
        catch (DuplicateKeyException ex) {
            return false;
        }
    }

    /** Forgets proofs that can no longer be accepted, at most {@code batch} rows per statement. */
    public int purgeExpired(Instant cutoff, int batch) {
        int total = 0;
        int deleted;
        do {
            deleted = jdbc.sql("DELETE FROM dpop_proof WHERE proof_hash IN (SELECT proof_hash FROM dpop_proof "
                    + "WHERE expires_at < ? FETCH FIRST " + batch + " ROWS ONLY)")
                .param(cutoff.atOffset(ZoneOffset.UTC))
                .update();
            total += deleted;
        }
        while (deleted == batch);
        return total;
    }
}
