-- Each application may choose its access-token format ('reference' or 'jwt') and, for JWTs, the algorithm
-- ('RS256' or 'ES256'); NULL means the server-wide default (latchkey.tokens.*), so existing applications
-- follow it. Portable SQL (H2 and PostgreSQL).
ALTER TABLE application ADD COLUMN access_token_format VARCHAR(10);
ALTER TABLE application ADD COLUMN access_token_signing_algorithm VARCHAR(10);
