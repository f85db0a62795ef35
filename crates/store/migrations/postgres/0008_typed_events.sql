-- Typed, versioned events and positions assigned after commit (see crates/store/src/events.rs).
-- Rows written before typed events keep their untyped payloads: version 0 marks them, they
-- get an id derived from their row id, their per-key sequence in id order, and their row id
-- as position, so a follower's position from before this migration stays valid. Followers no
-- longer wait out a settle delay, so `recorded_at` goes.
ALTER TABLE outbox
    ADD COLUMN event_id TEXT,
    ADD COLUMN version INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN sequence BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN position BIGINT,
    DROP COLUMN recorded_at;

UPDATE outbox o SET event_id = '00000000-0000-0000-0000-' || lpad(to_hex(o.id), 12, '0'),
    position = o.id, sequence = r.seq
FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY aggregate, aggregate_key ORDER BY id) AS seq FROM outbox) r
WHERE r.id = o.id;

ALTER TABLE outbox
    ALTER COLUMN event_id SET NOT NULL,
    ALTER COLUMN version DROP DEFAULT,
    ALTER COLUMN sequence DROP DEFAULT,
    ADD CONSTRAINT outbox_event_id UNIQUE (event_id),
    ADD CONSTRAINT outbox_position UNIQUE (position);
CREATE INDEX outbox_unsequenced ON outbox (id) WHERE position IS NULL;

CREATE TABLE event_sequences (
    aggregate      TEXT   NOT NULL,
    aggregate_key  TEXT   NOT NULL,
    -- The sequence number the key's next event gets.
    next_sequence  BIGINT NOT NULL,
    PRIMARY KEY (aggregate, aggregate_key)
);
INSERT INTO event_sequences (aggregate, aggregate_key, next_sequence)
    SELECT aggregate, aggregate_key, MAX(sequence) + 1 FROM outbox GROUP BY aggregate, aggregate_key;

-- One row: the last position given, locked by each sequencer pass.
CREATE TABLE outbox_sequencer (
    id             SMALLINT PRIMARY KEY CHECK (id = 1),
    last_position  BIGINT   NOT NULL
);
INSERT INTO outbox_sequencer (id, last_position) SELECT 1, COALESCE(MAX(id), 0) FROM outbox;
