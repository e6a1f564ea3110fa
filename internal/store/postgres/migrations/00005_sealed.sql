-- +goose Up
-- A request's sensitive fields (location, notes, gender preference) are sealed with its
-- own data key, stored wrapped by a master key from the key file.
ALTER TABLE requests ADD COLUMN sealed BYTEA;
ALTER TABLE requests ADD COLUMN data_key BYTEA;
ALTER TABLE requests ADD COLUMN key_id TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE requests DROP COLUMN key_id;
ALTER TABLE requests DROP COLUMN data_key;
ALTER TABLE requests DROP COLUMN sealed;
