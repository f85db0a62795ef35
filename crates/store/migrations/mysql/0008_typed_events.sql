-- Typed, versioned events and positions assigned after commit (see crates/store/src/events.rs).
-- Rows written before typed events keep their untyped payloads: version 0 marks them, they
-- get an id derived from their row id, their per-key sequence in id order, and their row id
-- as position, so a follower's position from before this migration stays valid. Followers no
-- longer wait out a settle delay, so `recorded_at` goes; fat posting events outgrow TEXT.
ALTER TABLE outbox
    ADD COLUMN event_id CHAR(36) NULL,
    ADD COLUMN version INT NOT NULL DEFAULT 0,
    ADD COLUMN sequence BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN position BIGINT NULL,
    MODIFY payload MEDIUMTEXT NOT NULL,
    DROP COLUMN recorded_at;

UPDATE outbox o
    JOIN (SELECT id, ROW_NUMBER() OVER (PARTITION BY aggregate, aggregate_key ORDER BY id) AS seq FROM outbox) r
        ON r.id = o.id
SET o.event_id = CONCAT('00000000-0000-0000-0000-', LPAD(LOWER(HEX(o.id)), 12, '0')),
    o.position = o.id, o.sequence = r.seq;

ALTER TABLE outbox
    MODIFY event_id CHAR(36) NOT NULL,
    ADD UNIQUE KEY outbox_event_id (event_id),
    ADD UNIQUE KEY outbox_position (position);

CREATE TABLE event_sequences (
    aggregate      VARCHAR(32)  NOT NULL,
    aggregate_key  VARCHAR(100) NOT NULL,
    -- The sequence number the key's next event gets.
    next_sequence  BIGINT       NOT NULL,
    PRIMARY KEY (aggregate, aggregate_key)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
INSERT INTO event_sequences (aggregate, aggregate_key, next_sequence)
    SELECT aggregate, aggregate_key, MAX(sequence) + 1 FROM outbox GROUP BY aggregate, aggregate_key;

-- One row: the last position given, locked by each sequencer pass.
CREATE TABLE outbox_sequencer (
    id             TINYINT NOT NULL PRIMARY KEY,
    last_position  BIGINT  NOT NULL
) ENGINE = InnoDB;
INSERT INTO outbox_sequencer (id, last_position) SELECT 1, COALESCE(MAX(id), 0) FROM outbox;
