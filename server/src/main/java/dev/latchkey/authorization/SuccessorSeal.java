package dev.latchkey.authorization;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;

import dev.latchkey.crypto.TokenKeyedCipher;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The answer of a refresh, sealed with the refresh token it presented ({@link TokenKeyedCipher}), so that a retry
 * presenting that token again can open it and the database, which keeps only the token's SHA-256, cannot. The
 * grant's id is authenticated with it: a sealed answer copied to another grant's row does not open.
 */
final class SuccessorSeal {

    private static final String PURPOSE = "latchkey refresh retry answer v1";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final TypeReference<Map<String, Object>> FIELDS = new TypeReference<>() {
    };

    private SuccessorSeal() {
    }

    static String seal(String presentedRefreshToken, String grantId, SuccessorTokens tokens) {
        OAuth2AccessToken access = tokens.accessToken();
        OAuth2RefreshToken refresh = tokens.refreshToken();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("token_type", access.getTokenType().getValue());
        fields.put("access_token", access.getTokenValue());
        fields.put("access_token_issued_at", access.getIssuedAt().toString());
        fields.put("access_token_expires_at", access.getExpiresAt().toString());
        fields.put("scope", List.copyOf(access.getScopes()));
        fields.put("refresh_token", refresh.getTokenValue());
        fields.put("refresh_token_issued_at", refresh.getIssuedAt().toString());
        fields.put("refresh_token_expires_at", refresh.getExpiresAt().toString());
        if (tokens.idToken() != null) {
            fields.put("id_token", tokens.idToken());
        }
        if (tokens.dpopThumbprint() != null) {
            fields.put("dpop_jkt", tokens.dpopThumbprint());
        }
        return TokenKeyedCipher.of(presentedRefreshToken, PURPOSE)
            .encrypt(JSON.writeValueAsBytes(fields), grantId.getBytes(StandardCharsets.UTF_8));
    }

    /** Empty when it does not open with this token for this grant (it was sealed for another, or altered). */
    static Optional<SuccessorTokens> open(String presentedRefreshToken, String grantId, String sealed) {
        return TokenKeyedCipher.of(presentedRefreshToken, PURPOSE)
            .decrypt(sealed, grantId.getBytes(StandardCharsets.UTF_8))
            .map(SuccessorSeal::read);
    }

    /** Only what {@link #seal} wrote opens (GCM authenticates it), so the fields are as written there. */
    private static SuccessorTokens read(byte[] json) {
        Map<String, Object> fields = JSON.readValue(json, FIELDS);
        @SuppressWarnings("unchecked")
        List<String> scopes = (List<String>) fields.get("scope");
        OAuth2AccessToken access = new OAuth2AccessToken(
                new OAuth2AccessToken.TokenType((String) fields.get("token_type")), (String) fields.get("access_token"),
                instant(fields, "access_token_issued_at"), instant(fields, "access_token_expires_at"),
                new LinkedHashSet<>(scopes));
        OAuth2RefreshToken refresh = new OAuth2RefreshToken((String) fields.get("refresh_token"),
                instant(fields, "refresh_token_issued_at"), instant(fields, "refresh_token_expires_at"));
        return new SuccessorTokens(access, refresh, (String) fields.get("id_token"), (String) fields.get("dpop_jkt"));
    }

    private static Instant instant(Map<String, Object> fields, String name) {
        return Instant.parse((String) fields.get(name));
    }
}
