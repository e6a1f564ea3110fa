-- +goose Up
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('advocate', 'interpreter', 'coordinator', 'admin')),
    password_hash TEXT NOT NULL DEFAULT '',
    active INTEGER NOT NULL DEFAULT 1,
    preferred_locale TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);

CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL DEFAULT '',
    token_hash BLOB NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    last_used_at BIGINT
);

CREATE TABLE interpreters (
    id INTEGER PRIMARY KEY,
    user_id BIGINT NOT NULL UNIQUE REFERENCES users (id),
    gender TEXT NOT NULL DEFAULT '',
    background_check_on TEXT,
    dv_training_on TEXT,
    active INTEGER NOT NULL DEFAULT 1,
    last_assigned_at BIGINT
);

CREATE TABLE interpreter_languages (
    interpreter_id BIGINT NOT NULL REFERENCES interpreters (id) ON DELETE CASCADE,
    language TEXT NOT NULL,
    PRIMARY KEY (interpreter_id, language)
);

CREATE TABLE interpreter_modalities (
    interpreter_id BIGINT NOT NULL REFERENCES interpreters (id) ON DELETE CASCADE,
    modality TEXT NOT NULL CHECK (modality IN ('phone', 'video', 'in_person')),
    PRIMARY KEY (interpreter_id, modality)
);

CREATE TABLE requests (
    id INTEGER PRIMARY KEY,
    advocate_id BIGINT NOT NULL REFERENCES users (id),
    language TEXT NOT NULL,
    modality TEXT NOT NULL,
    urgency TEXT NOT NULL,
    starts_at BIGINT NOT NULL,
    duration_minutes INTEGER NOT NULL,
    case_type TEXT NOT NULL,
    confidential INTEGER NOT NULL,
    location TEXT NOT NULL DEFAULT '',
    gender_preference TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL CHECK (status IN ('open', 'offered', 'accepted', 'completed', 'cancelled', 'fallback')),
    step INTEGER NOT NULL DEFAULT 0,
    deadline_at BIGINT,
    assigned_interpreter_id BIGINT REFERENCES interpreters (id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX requests_advocate ON requests (advocate_id);
CREATE INDEX requests_status ON requests (status);
CREATE INDEX requests_assigned ON requests (assigned_interpreter_id, starts_at);

CREATE TABLE request_exclusions (
    request_id BIGINT NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    interpreter_id BIGINT NOT NULL,
    PRIMARY KEY (request_id, interpreter_id)
);

CREATE TABLE request_events (
    id INTEGER PRIMARY KEY,
    request_id BIGINT NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    at BIGINT NOT NULL,
    actor_id BIGINT REFERENCES users (id),
    from_status TEXT NOT NULL,
    to_status TEXT NOT NULL,
    step INTEGER NOT NULL,
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX request_events_request ON request_events (request_id);

CREATE TABLE offers (
    id INTEGER PRIMARY KEY,
    request_id BIGINT NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    interpreter_id BIGINT NOT NULL REFERENCES interpreters (id),
    step INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'declined', 'conflict', 'expired', 'withdrawn')),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    responded_at BIGINT
);
CREATE INDEX offers_request ON offers (request_id, status);
CREATE INDEX offers_interpreter ON offers (interpreter_id, status);

CREATE TABLE policies (
    language TEXT PRIMARY KEY,
    steps TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE rotations (
    language TEXT NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('primary', 'secondary')),
    slots TEXT NOT NULL,
    PRIMARY KEY (language, level)
);

CREATE TABLE shifts (
    id INTEGER PRIMARY KEY,
    interpreter_id BIGINT NOT NULL REFERENCES interpreters (id),
    language TEXT NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('primary', 'secondary')),
    starts_at BIGINT NOT NULL,
    ends_at BIGINT NOT NULL
);
CREATE INDEX shifts_time ON shifts (starts_at, ends_at);

CREATE TABLE notifications (
    id INTEGER PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id),
    kind TEXT NOT NULL,
    request_id BIGINT NOT NULL,
    offer_id BIGINT,
    created_at BIGINT NOT NULL,
    read_at BIGINT
);
CREATE INDEX notifications_user ON notifications (user_id, id);

-- +goose Down
DROP TABLE notifications;
DROP TABLE shifts;
DROP TABLE rotations;
DROP TABLE policies;
DROP TABLE offers;
DROP TABLE request_events;
DROP TABLE request_exclusions;
DROP TABLE requests;
DROP TABLE interpreter_modalities;
DROP TABLE interpreter_languages;
DROP TABLE interpreters;
DROP TABLE api_tokens;
DROP TABLE users;
