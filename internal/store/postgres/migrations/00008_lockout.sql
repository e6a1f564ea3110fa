-- +goose Up
-- Temporary lockout after repeated failed sign-ins.
ALTER TABLE users ADD COLUMN failed_sign_ins INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN locked_until BIGINT;

-- +goose Down
ALTER TABLE users DROP COLUMN locked_until;
ALTER TABLE users DROP COLUMN failed_sign_ins;
