package dev.latchkey.fuzz;

import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A fingerprint of what the server stores that a request could change: applications, accounts, grants (how many,
 * how many revoked, redeemed, with tokens, and the fuzz's own grants whole), rotated refresh tokens, consents,
 * signing keys and the audit log's changes. Left out: pushed authorization requests (storing one is what the
 * pushed request endpoint does for any well-formed request, RFC 9126 §2.2), sessions (a page may open one for any
 * visitor; that a refused request opens none is checked on its answer, {@link Verdict}) and the audit log's
 * security events, which record refused sign-ins and client authentications on purpose. Nor the brute-force
 * guards' counters, for the same reason.
 */
record ServerState(List<Object> rows) {

    private static final List<String> QUERIES = List.of(
            "SELECT client_id, name, secret_hash, redirect_uris, scopes, allowed_origins, updated_at FROM application "
                    + "ORDER BY client_id",
            "SELECT id, username, password_hash, enabled, admin, name, email, email_verified, updated_at "
                    + "FROM user_account ORDER BY id",
            // Not the grants that hold nothing that can come back (client_credentials): housekeeping deletes them
            // at any moment once they expired, which no request can do; a refused request that issued one would
            // show in its answer.
            "SELECT COUNT(*), COUNT(revoked_at), COUNT(code_consumed_at), COUNT(access_token_hash), "
                    + "COUNT(refresh_token_hash), COUNT(id_token_hash), COUNT(consent_state_hash), MAX(created_at) "
                    + "FROM oauth_authorization WHERE request_uri_hash IS NULL AND (code_hash IS NOT NULL "
                    + "OR refresh_token_hash IS NOT NULL OR consent_state_hash IS NOT NULL)",
            "SELECT COUNT(*) FROM oauth_rotated_refresh_token",
            // Nor consents of users or applications deleted meanwhile, which housekeeping deletes.
            "SELECT client_id, principal_name, scopes, granted_at FROM authorization_consent c WHERE EXISTS (SELECT 1 "
                    + "FROM application a WHERE a.client_id = c.client_id) AND EXISTS (SELECT 1 FROM user_account u "
                    + "WHERE u.username = c.principal_name) ORDER BY client_id, principal_name",
            "SELECT kid, state FROM signing_key ORDER BY kid",
            // The newest change event only: housekeeping may delete events past the retention (other tests plant
            // old ones) at any moment, which no request can do.
            "SELECT MAX(id) FROM audit_event WHERE category <> 'security'");

    static ServerState of(JdbcClient jdbc, List<String> tokenHashes) {
        List<Object> rows = new ArrayList<>();
        QUERIES.forEach(query -> rows.add(jdbc.sql(query).query().listOfRows()));
        rows.add(jdbc.sql("SELECT * FROM oauth_authorization WHERE access_token_hash IN (:hashes) "
                + "OR refresh_token_hash IN (:hashes) ORDER BY id")
            .param("hashes", tokenHashes)
            .query()
            .listOfRows()
            .toString());
        return new ServerState(rows);
    }
}
