-- OpenID Connect: profile claims of users, ID tokens and sign-in sessions of grants, logout redirects and
-- ID token algorithms of applications, and the rotation dates of signing keys. Portable SQL (H2 and PostgreSQL).

-- Optional profile (scope "profile") and email (scope "email") claims; updated_at already exists.
ALTER TABLE user_account ADD COLUMN name VARCHAR(200);
ALTER TABLE user_account ADD COLUMN email VARCHAR(320);
ALTER TABLE user_account ADD COLUMN email_verified BOOLEAN DEFAULT FALSE NOT NULL;

-- The ID token last issued for the grant (hashed, like every token), whom it names, and the sign-in it came
-- from: its time (auth_time) and its session identifier (sid), which every later ID token repeats.
ALTER TABLE oauth_authorization ADD COLUMN id_token_hash VARCHAR(64);
ALTER TABLE oauth_authorization ADD COLUMN id_token_issued_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE oauth_authorization ADD COLUMN id_token_expires_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE oauth_authorization ADD COLUMN subject VARCHAR(36);
ALTER TABLE oauth_authorization ADD COLUMN auth_time TIMESTAMP WITH TIME ZONE;
ALTER TABLE oauth_authorization ADD COLUMN session_id VARCHAR(64);
CREATE UNIQUE INDEX oauth_authorization_id_token_ix ON oauth_authorization (id_token_hash);

-- RP-initiated logout returns only to these, compared exactly; RS256 (OpenID Connect's default) or ES256.
ALTER TABLE application ADD COLUMN post_logout_redirect_uris VARCHAR(4000) DEFAULT '' NOT NULL;
ALTER TABLE application ADD COLUMN id_token_signing_algorithm VARCHAR(10) DEFAULT 'RS256' NOT NULL;

-- When an active key stopped signing; it is retired once every token it signed has expired.
ALTER TABLE signing_key ADD COLUMN published_at TIMESTAMP WITH TIME ZONE;
