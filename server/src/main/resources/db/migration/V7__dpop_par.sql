-- DPoP (RFC 9449) and pushed authorization requests (RFC 9126). Portable SQL (H2 and PostgreSQL).

-- Per application: tokens are issued only with a DPoP proof; authorization requests are accepted only as a
-- request_uri from the pushed authorization request endpoint.
ALTER TABLE application ADD COLUMN require_dpop BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE application ADD COLUMN require_pushed_requests BOOLEAN DEFAULT FALSE NOT NULL;

-- The JWK SHA-256 thumbprint (RFC 7638) the grant's current access token is bound to; for a public client
-- its refresh token too (RFC 9449 section 5). NULL for bearer tokens.
ALTER TABLE oauth_authorization ADD COLUMN dpop_jkt VARCHAR(43);

-- A pushed authorization request waiting to be used: the SHA-256 of its request_uri's one-time part.
ALTER TABLE oauth_authorization ADD COLUMN request_uri_hash VARCHAR(64);
-- Its OpenID Connect sign-in parameters (prompt, max_age, id_token_hint, login_hint), form-encoded: at most 4000
-- characters of values, checked when it is pushed, each encoded in at most 9.
ALTER TABLE oauth_authorization ADD COLUMN request_parameters VARCHAR(40000);
CREATE UNIQUE INDEX oauth_authorization_request_uri_ix ON oauth_authorization (request_uri_hash);

-- DPoP proofs already presented, by the SHA-256 of their key thumbprint and jti, kept while their iat is still
-- acceptable: a proof is accepted once across every node (RFC 9449 section 11.1).
CREATE TABLE dpop_proof (
    proof_hash  VARCHAR(64) NOT NULL PRIMARY KEY,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX dpop_proof_expiry_ix ON dpop_proof (expires_at);
