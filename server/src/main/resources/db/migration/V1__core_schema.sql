-- Latchkey core schema. Portable SQL: the same script runs on H2 (embedded default) and PostgreSQL.
-- Codes and tokens are stored only as SHA-256 hashes (hex); nothing here can be replayed as a credential.

CREATE TABLE application (
    client_id                  VARCHAR(100)  NOT NULL PRIMARY KEY,
    name                       VARCHAR(200)  NOT NULL,
    client_type                VARCHAR(20)   NOT NULL,
    secret_hash                VARCHAR(64),
    secret_created_at          TIMESTAMP WITH TIME ZONE,
    grant_types                VARCHAR(200)  NOT NULL,
    redirect_uris              VARCHAR(4000) NOT NULL,
    scopes                     VARCHAR(1000) NOT NULL,
    allowed_origins            VARCHAR(2000) NOT NULL,
    skip_authorization         BOOLEAN       NOT NULL,
    allow_plain_pkce           BOOLEAN       NOT NULL,
    access_token_ttl_seconds   INTEGER       NOT NULL,
    refresh_token_ttl_seconds  INTEGER       NOT NULL,
    code_ttl_seconds           INTEGER       NOT NULL,
    created_at                 TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at                 TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE user_account (
    id             VARCHAR(36)  NOT NULL PRIMARY KEY,
    username       VARCHAR(150) NOT NULL,
    password_hash  VARCHAR(255) NOT NULL,
    enabled        BOOLEAN      NOT NULL,
    admin          BOOLEAN      NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT user_account_username_uk UNIQUE (username)
);

-- One row per grant: the code, then the access and refresh tokens issued for it (the "family").
CREATE TABLE oauth_authorization (
    id                     VARCHAR(36)   NOT NULL PRIMARY KEY,
    client_id              VARCHAR(100)  NOT NULL,
    principal_name         VARCHAR(150)  NOT NULL,
    grant_type             VARCHAR(50)   NOT NULL,
    requested_scopes       VARCHAR(1000) NOT NULL,
    authorized_scopes      VARCHAR(1000) NOT NULL,
    redirect_uri           VARCHAR(1000),
    client_state           VARCHAR(1000),
    code_challenge         VARCHAR(128),
    code_challenge_method  VARCHAR(10),
    nonce                  VARCHAR(500),
    consent_state_hash     VARCHAR(64),
    code_hash              VARCHAR(64),
    code_issued_at         TIMESTAMP WITH TIME ZONE,
    code_expires_at        TIMESTAMP WITH TIME ZONE,
    code_consumed_at       TIMESTAMP WITH TIME ZONE,
    access_token_hash      VARCHAR(64),
    access_token_issued_at TIMESTAMP WITH TIME ZONE,
    access_token_expires_at TIMESTAMP WITH TIME ZONE,
    access_token_scopes    VARCHAR(1000),
    refresh_token_hash     VARCHAR(64),
    refresh_token_issued_at TIMESTAMP WITH TIME ZONE,
    refresh_token_expires_at TIMESTAMP WITH TIME ZONE,
    revoked_at             TIMESTAMP WITH TIME ZONE,
    created_at             TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at             TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE UNIQUE INDEX oauth_authorization_code_ix ON oauth_authorization (code_hash);
CREATE UNIQUE INDEX oauth_authorization_access_ix ON oauth_authorization (access_token_hash);
CREATE UNIQUE INDEX oauth_authorization_refresh_ix ON oauth_authorization (refresh_token_hash);
CREATE UNIQUE INDEX oauth_authorization_consent_state_ix ON oauth_authorization (consent_state_hash);
CREATE INDEX oauth_authorization_principal_ix ON oauth_authorization (principal_name, client_id);
CREATE INDEX oauth_authorization_expiry_ix ON oauth_authorization (expires_at);

-- Refresh tokens that were rotated away: presenting one again is a replay and revokes the family.
CREATE TABLE oauth_rotated_refresh_token (
    token_hash        VARCHAR(64) NOT NULL PRIMARY KEY,
    authorization_id  VARCHAR(36) NOT NULL,
    rotated_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at        TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE authorization_consent (
    client_id       VARCHAR(100)  NOT NULL,
    principal_name  VARCHAR(150)  NOT NULL,
    scopes          VARCHAR(1000) NOT NULL,
    granted_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (client_id, principal_name)
);

CREATE TABLE signing_key (
    kid                    VARCHAR(64)   NOT NULL PRIMARY KEY,
    algorithm              VARCHAR(10)   NOT NULL,
    state                  VARCHAR(12)   NOT NULL,
    public_jwk             VARCHAR(4000) NOT NULL,
    encrypted_private_jwk  VARCHAR(8000) NOT NULL,
    created_at             TIMESTAMP WITH TIME ZONE NOT NULL,
    retired_at             TIMESTAMP WITH TIME ZONE
);

-- Spring Session JDBC (login sessions shared by every node).
CREATE TABLE spring_session (
    primary_id             CHAR(36)     NOT NULL,
    session_id             CHAR(36)     NOT NULL,
    creation_time          BIGINT       NOT NULL,
    last_access_time       BIGINT       NOT NULL,
    max_inactive_interval  INTEGER      NOT NULL,
    expiry_time            BIGINT       NOT NULL,
    principal_name         VARCHAR(100),
    CONSTRAINT spring_session_pk PRIMARY KEY (primary_id)
);
CREATE UNIQUE INDEX spring_session_ix1 ON spring_session (session_id);
CREATE INDEX spring_session_ix2 ON spring_session (expiry_time);
CREATE INDEX spring_session_ix3 ON spring_session (principal_name);

CREATE TABLE spring_session_attributes (
    session_primary_id  CHAR(36)     NOT NULL,
    attribute_name      VARCHAR(200) NOT NULL,
    attribute_bytes     BYTEA        NOT NULL,
    CONSTRAINT spring_session_attributes_pk PRIMARY KEY (session_primary_id, attribute_name),
    CONSTRAINT spring_session_attributes_fk FOREIGN KEY (session_primary_id)
        REFERENCES spring_session (primary_id) ON DELETE CASCADE
);
