package dev.latchkey.authorization;

import java.util.List;

/** Which grants a revocation ends: one, a user's, an application's, or a family named by one of its tokens. */
public final class GrantSelector {

    final String condition;

    final List<Object> parameters;

    private GrantSelector(String condition, Object... parameters) {
        this.condition = condition;
        this.parameters = List.of(parameters);
    }

    public static GrantSelector byId(String grantId) {
        return new GrantSelector("id = ?", grantId);
    }

    /** A user's grants (or, for client_credentials, those of the application acting as itself). */
    public static GrantSelector byUser(String principalName) {
        return new GrantSelector("principal_name = ?", principalName);
    }

    public static GrantSelector byApplication(String clientId) {
        return new GrantSelector("client_id = ?", clientId);
    }

    /** What one user granted one application ("connected apps"). */
    public static GrantSelector byUserAndApplication(String principalName, String clientId) {
        return new GrantSelector("principal_name = ? AND client_id = ?", principalName, clientId);
    }

    /** The family of this authorization code. */
    public static GrantSelector byCode(String codeHash) {
        return new GrantSelector("code_hash = ?", codeHash);
    }

    /** The family a refresh token belonged to before it was rotated away. */
    public static GrantSelector byRotatedRefreshToken(String tokenHash) {
        return new GrantSelector("id IN (SELECT authorization_id FROM oauth_rotated_refresh_token WHERE token_hash = ?)",
                tokenHash);
    }
}
