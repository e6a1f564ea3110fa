-- +goose Up
ALTER TABLE users ADD COLUMN phone TEXT NOT NULL DEFAULT '';

-- One row for each notification and channel tried: the idempotency record that keeps a
-- retried job from sending a message twice.
CREATE TABLE deliveries (
    notification_id BIGINT NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
    channel TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('sending', 'sent', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    user_id BIGINT NOT NULL,
    started_at BIGINT NOT NULL,
    sent_at BIGINT,
    PRIMARY KEY (notification_id, channel)
);
CREATE INDEX deliveries_user_sent ON deliveries (user_id, sent_at);

-- +goose Down
DROP TABLE deliveries;
ALTER TABLE users DROP COLUMN phone;
