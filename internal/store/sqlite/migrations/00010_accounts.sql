-- +goose Up
-- Accounts: who created a user; a session epoch whose increase ends every session of the
-- account at once; revocable API tokens; single-use, expiring sign-in links (invitations
-- and resets), stored as hashes; failed sign-ins by client address, for limits that one
-- address cannot use to lock a person out; vetting attested by a named person.
ALTER TABLE users ADD COLUMN created_by BIGINT;
ALTER TABLE users ADD COLUMN session_epoch BIGINT NOT NULL DEFAULT 0;
ALTER TABLE api_tokens ADD COLUMN revoked_at BIGINT;

CREATE TABLE sign_in_links (
    id INTEGER PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose TEXT NOT NULL CHECK (purpose IN ('invitation', 'reset')),
    token_hash BLOB NOT NULL UNIQUE,
    created_by BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);
CREATE INDEX sign_in_links_user ON sign_in_links (user_id);

CREATE TABLE sign_in_failures (
    id INTEGER PRIMARY KEY,
    address TEXT NOT NULL,
    user_id BIGINT NOT NULL DEFAULT 0,
    at BIGINT NOT NULL
);
CREATE INDEX sign_in_failures_address ON sign_in_failures (address, at);
CREATE INDEX sign_in_failures_user ON sign_in_failures (user_id, at);

ALTER TABLE interpreters ADD COLUMN vetting_attested_by BIGINT;
ALTER TABLE interpreters ADD COLUMN vetting_attested_at BIGINT;

CREATE TABLE vetting_attestations (
    id INTEGER PRIMARY KEY,
    interpreter_id BIGINT NOT NULL REFERENCES interpreters (id) ON DELETE CASCADE,
    background_check_on TEXT,
    dv_training_on TEXT,
    recorded_by BIGINT NOT NULL,
    attested INTEGER NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX vetting_attestations_interpreter ON vetting_attestations (interpreter_id, id);

-- +goose Down
DROP TABLE vetting_attestations;
ALTER TABLE interpreters DROP COLUMN vetting_attested_at;
ALTER TABLE interpreters DROP COLUMN vetting_attested_by;
DROP TABLE sign_in_failures;
DROP TABLE sign_in_links;
ALTER TABLE api_tokens DROP COLUMN revoked_at;
ALTER TABLE users DROP COLUMN session_epoch;
ALTER TABLE users DROP COLUMN created_by;
