-- Brute-force guards: failures per account name, client address and client id, shared by every node.
-- The name is kept only as a keyed hash (HMAC with a key derived from the key-encryption key): a password
-- typed into the username field must not sit in the database. display_name is set only when the name is an
-- existing account or application, or an address, for the console's list of locks.
CREATE TABLE failed_attempt (
    subject_kind      VARCHAR(10)  NOT NULL,
    subject_hash      CHAR(64)     NOT NULL,
    display_name      VARCHAR(150),
    failures          INTEGER      NOT NULL,
    first_failure_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    last_failure_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    blocked_until     TIMESTAMP WITH TIME ZONE,
    locked            BOOLEAN      NOT NULL,
    version           BIGINT       NOT NULL,
    PRIMARY KEY (subject_kind, subject_hash)
);

CREATE INDEX failed_attempt_last_failure_ix ON failed_attempt (last_failure_at);
