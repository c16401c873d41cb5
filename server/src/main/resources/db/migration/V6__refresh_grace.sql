-- A refresh that is retried within a short window (latchkey.tokens.refresh-token-retry-window) gets the same
-- answer again instead of revoking the family (RFC 9700 section 4.14.2 replay detection still applies after it).
-- Each rotated refresh token keeps the refresh token that replaced it (as its SHA-256), and for the window
-- the answer its refresh got, encrypted under a key derived from the rotated token itself: the database
-- holds neither that token nor the key, so the answer cannot be read from a copy of it. Portable SQL.
ALTER TABLE oauth_rotated_refresh_token ADD COLUMN successor_hash VARCHAR(64);
ALTER TABLE oauth_rotated_refresh_token ADD COLUMN retry_answer VARCHAR(32000);
ALTER TABLE oauth_rotated_refresh_token ADD COLUMN retry_until TIMESTAMP WITH TIME ZONE;
-- Housekeeping erases answers whose window has passed.
CREATE INDEX oauth_rotated_refresh_token_retry_ix ON oauth_rotated_refresh_token (retry_until);
