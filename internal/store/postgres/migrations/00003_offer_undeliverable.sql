-- +goose Up
-- Offers gain the status "undeliverable": no channel reached the interpreter.
ALTER TABLE offers DROP CONSTRAINT offers_status_check;
ALTER TABLE offers ADD CONSTRAINT offers_status_check
    CHECK (status IN ('pending', 'accepted', 'declined', 'conflict', 'expired', 'withdrawn', 'undeliverable'));

-- +goose Down
DELETE FROM offers WHERE status = 'undeliverable';
ALTER TABLE offers DROP CONSTRAINT offers_status_check;
ALTER TABLE offers ADD CONSTRAINT offers_status_check
    CHECK (status IN ('pending', 'accepted', 'declined', 'conflict', 'expired', 'withdrawn'));
