-- +goose Up
-- An interpreter's request that a qualified colleague take one of their shifts.
CREATE TABLE cover_requests (
    id INTEGER PRIMARY KEY,
    interpreter_id BIGINT NOT NULL REFERENCES interpreters (id),
    language TEXT NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('primary', 'secondary')),
    starts_at BIGINT NOT NULL,
    ends_at BIGINT NOT NULL CHECK (ends_at > starts_at),
    status TEXT NOT NULL CHECK (status IN ('open', 'taken', 'withdrawn')),
    taken_by BIGINT REFERENCES interpreters (id),
    created_at BIGINT NOT NULL
);
CREATE INDEX cover_requests_open ON cover_requests (status, ends_at);

-- +goose Down
DROP TABLE cover_requests;
