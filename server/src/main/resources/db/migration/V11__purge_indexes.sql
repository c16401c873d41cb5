-- Indexes for housekeeping's purges and the lookups that had none (issue 15). Portable SQL (H2 and PostgreSQL).

-- Rotated refresh tokens go when their own expiry passes, and with their grant (every refresh adds a row).
CREATE INDEX oauth_rotated_refresh_token_expiry_ix ON oauth_rotated_refresh_token (expires_at);
CREATE INDEX oauth_rotated_refresh_token_grant_ix ON oauth_rotated_refresh_token (authorization_id);
-- An application's grants (its revocation when it is deleted, the console's list of them): the principal index
-- starts with the user.
CREATE INDEX oauth_authorization_client_ix ON oauth_authorization (client_id);
-- A user's consents go when the user does; the primary key starts with the application.
CREATE INDEX authorization_consent_principal_ix ON authorization_consent (principal_name);
-- The console's list of what the guards hold back now.
CREATE INDEX failed_attempt_blocked_ix ON failed_attempt (blocked_until);
