package dev.latchkey.protocol.token;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;

import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;

/**
 * Refresh tokens: 256 random bits, opaque, stored only hashed. Unlike Spring's default this issues them
 * to public clients too; they rotate on every use (RFC 9700 §4.14.2), so a stolen one is detected the
 * moment either party uses it after the other.
 */
public final class OpaqueRefreshTokenGenerator implements OAuth2TokenGenerator<OAuth2RefreshToken> {

    private final SecureRandom random = new SecureRandom();

    @Override
    public OAuth2RefreshToken generate(OAuth2TokenContext context) {
        if (!OAuth2TokenType.REFRESH_TOKEN.equals(context.getTokenType())) {
            return null;
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        Instant issuedAt = Instant.now();
        return new OAuth2RefreshToken(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes), issuedAt,
                issuedAt.plus(context.getRegisteredClient().getTokenSettings().getRefreshTokenTimeToLive()));
    }
}
