-- +goose Up
-- A coordinator's audited, expiring access to a confidential request's details.
CREATE TABLE break_glass (
    id INTEGER PRIMARY KEY,
    request_id BIGINT NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id),
    reason TEXT NOT NULL,
    at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX break_glass_request ON break_glass (request_id, user_id, expires_at);

-- +goose Down
DROP TABLE break_glass;
