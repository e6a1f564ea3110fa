-- +goose Up
-- Offers gain the status "undeliverable": no channel reached the interpreter. SQLite
-- cannot change a CHECK constraint, so the table is rebuilt.
CREATE TABLE offers_new (
    id INTEGER PRIMARY KEY,
    request_id BIGINT NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    interpreter_id BIGINT NOT NULL REFERENCES interpreters (id),
    step INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'declined', 'conflict', 'expired', 'withdrawn', 'undeliverable')),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    responded_at BIGINT
);
INSERT INTO offers_new SELECT * FROM offers;
DROP TABLE offers;
ALTER TABLE offers_new RENAME TO offers;
CREATE INDEX offers_request ON offers (request_id, status);
CREATE INDEX offers_interpreter ON offers (interpreter_id, status);

-- +goose Down
DELETE FROM offers WHERE status = 'undeliverable';
