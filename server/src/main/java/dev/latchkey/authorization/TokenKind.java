package dev.latchkey.authorization;

/** What a presented value is looked up as; each kind has its own hashed column. */
public enum TokenKind {
    AUTHORIZATION_CODE("code_hash"),
    ACCESS_TOKEN("access_token_hash"),
    REFRESH_TOKEN("refresh_token_hash"),
    ID_TOKEN("id_token_hash"),
    /** The one-time {@code state} of a consent page, which ties the user's answer to the waiting grant. */
    CONSENT_STATE("consent_state_hash"),
    /** The one-time part of a pushed authorization request's {@code request_uri} (RFC 9126 §2.2). */
    PUSHED_REQUEST("request_uri_hash");

    final String column;

    TokenKind(String column) {
        this.column = column;
    }
}
