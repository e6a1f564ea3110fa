-- +goose Up
-- Secret calendar feed URLs: calendar apps cannot send a bearer token.
ALTER TABLE interpreters ADD COLUMN calendar_token_hash BYTEA;
CREATE UNIQUE INDEX interpreters_calendar_token ON interpreters (calendar_token_hash);

-- +goose Down
DROP INDEX interpreters_calendar_token;
ALTER TABLE interpreters DROP COLUMN calendar_token_hash;
