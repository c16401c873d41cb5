package dev.latchkey.signingkey;

import java.text.ParseException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import com.nimbusds.jose.jwk.JWK;

/** The {@code signing_key} table; private parts are encrypted before they reach it. */
@Repository
public class SigningKeyRepository {

    private final JdbcClient jdbc;

    public SigningKeyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Keys that are active or published, newest first. */
    public List<SigningKey> findUsable(KeyEncryption encryption) {
        return jdbc.sql("SELECT kid, algorithm, state, encrypted_private_jwk, created_at, published_at FROM signing_key "
                + "WHERE state <> 'retired' ORDER BY created_at DESC, kid")
            .query((rs, row) -> new SigningKey(rs.getString("kid"), rs.getString("algorithm"),
                    SigningKeyState.fromValue(rs.getString("state")),
                    parse(encryption.decrypt(rs.getString("encrypted_private_jwk"))),
                    rs.getObject("created_at", OffsetDateTime.class).toInstant(), instant(rs.getObject("published_at",
                            OffsetDateTime.class))))
            .list();
    }

    /** Every key, retired ones included, newest first; nothing is decrypted. */
    public List<SigningKeySummary> findAllSummaries() {
        return jdbc.sql("SELECT kid, algorithm, state, created_at, retired_at FROM signing_key "
                + "ORDER BY created_at DESC, kid")
            .query((rs, row) -> {
                OffsetDateTime retired = rs.getObject("retired_at", OffsetDateTime.class);
                return new SigningKeySummary(rs.getString("kid"), rs.getString("algorithm"),
                        SigningKeyState.fromValue(rs.getString("state")),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                        retired == null ? null : retired.toInstant());
            })
            .list();
    }

    public void insert(SigningKey key, KeyEncryption encryption) {
        jdbc.sql("INSERT INTO signing_key (kid, algorithm, state, public_jwk, encrypted_private_jwk, created_at) "
                + "VALUES (?, ?, ?, ?, ?, ?)")
            .params(key.kid(), key.algorithm(), key.state().value(), key.jwk().toPublicJWK().toJSONString(),
                    encryption.encrypt(key.jwk().toJSONString()), key.createdAt().atOffset(ZoneOffset.UTC))
            .update();
    }

    /** Active → published, only if it is still active: the row count tells whether this caller did it. */
    public boolean publish(String kid, Instant at) {
        return jdbc.sql("UPDATE signing_key SET state = 'published', published_at = ? WHERE kid = ? AND state = 'active'")
            .params(at.atOffset(ZoneOffset.UTC), kid)
            .update() == 1;
    }

    /** Published → retired; the private part is erased, a retired key never signs or verifies again. */
    public void retire(String kid, Instant at) {
        jdbc.sql("UPDATE signing_key SET state = 'retired', retired_at = ?, encrypted_private_jwk = '' "
                + "WHERE kid = ? AND state = 'published'")
            .params(at.atOffset(ZoneOffset.UTC), kid)
            .update();
    }

    private static Instant instant(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }

    private static JWK parse(String json) {
        try {
            return JWK.parse(json);
        }
        catch (ParseException ex) {
            throw new IllegalStateException("A stored signing key is not a valid JWK", ex);
        }
    }
}
