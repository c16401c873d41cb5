package dev.latchkey.consent;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Consents whose user or application no longer exists. Deleting either removes its consents, but not in the same
 * transaction, and a consent left behind would otherwise sit there for good, and apply to a later user or
 * application created under the same name, who never consented.
 */
@Repository
public class OrphanedConsents {

    private final JdbcClient jdbc;

    public OrphanedConsents(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @return how many were deleted, at most {@code batch} per statement */
    public int purge(int batch) {
        int total = 0;
        int deleted;
        do {
            deleted = jdbc.sql("DELETE FROM authorization_consent WHERE (client_id, principal_name) IN (SELECT c.client_id, "
                    + "c.principal_name FROM authorization_consent c WHERE NOT EXISTS (SELECT 1 FROM application a "
                    + "WHERE a.client_id = c.client_id) OR NOT EXISTS (SELECT 1 FROM user_account u "
                    + "WHERE u.username = c.principal_name) FETCH FIRST " + batch + " ROWS ONLY)")
                .update();
            total += deleted;
        }
        while (deleted == batch);
        return total;
    }
}
