-- Typed, versioned events and positions assigned after commit (see crates/store/src/events.rs).
-- Rows written before typed events keep their untyped payloads: version 0 marks them, they
-- get an id derived from their row id, their per-key sequence in id order, and their row id
-- as position, so a follower's position from before this migration stays valid.
ALTER TABLE outbox ADD COLUMN event_id TEXT;
ALTER TABLE outbox ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN sequence INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN position INTEGER;

UPDATE outbox SET event_id = printf('00000000-0000-0000-0000-%012x', outbox.id), position = outbox.id,
    sequence = r.seq
FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY aggregate, aggregate_key ORDER BY id) AS seq FROM outbox) AS r
WHERE r.id = outbox.id;

CREATE UNIQUE INDEX outbox_event_id ON outbox (event_id);
CREATE UNIQUE INDEX outbox_position ON outbox (position);
CREATE INDEX outbox_unsequenced ON outbox (id) WHERE position IS NULL;

CREATE TABLE event_sequences (
    aggregate      TEXT    NOT NULL,
    aggregate_key  TEXT    NOT NULL,
    -- The sequence number the key's next event gets.
    next_sequence  INTEGER NOT NULL,
    PRIMARY KEY (aggregate, aggregate_key)
);
INSERT INTO event_sequences (aggregate, aggregate_key, next_sequence)
    SELECT aggregate, aggregate_key, MAX(sequence) + 1 FROM outbox GROUP BY aggregate, aggregate_key;

-- One row: the last position given, locked by each sequencer pass.
CREATE TABLE outbox_sequencer (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    last_position  INTEGER NOT NULL
);
INSERT INTO outbox_sequencer (id, last_position) SELECT 1, COALESCE(MAX(id), 0) FROM outbox;
