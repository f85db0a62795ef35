-- The event backbone's bookkeeping. A consumer's position in a stream (the outbox, or a
-- broker partition), advanced only after it handled what came before.
CREATE TABLE consumer_positions (
    consumer   TEXT        NOT NULL,
    stream     TEXT        NOT NULL,
    position   BIGINT      NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (consumer, stream)
);

-- Events a consumer gave up on after its retries, with why, until an operator replays them.
CREATE TABLE dead_letters (
    id                  BIGSERIAL   PRIMARY KEY,
    consumer            TEXT        NOT NULL,
    event_id            TEXT,
    event_type          TEXT,
    payload             TEXT        NOT NULL,
    error               TEXT        NOT NULL,
    attempts            INTEGER     NOT NULL,
    failed_at           TIMESTAMPTZ NOT NULL,
    replay_requested_at TIMESTAMPTZ
);
CREATE INDEX dead_letters_consumer ON dead_letters (consumer, id);

-- Work that one instance at a time does (the relay, shared consumers, scheduled sweeps).
CREATE TABLE leases (
    name       TEXT        PRIMARY KEY,
    holder     TEXT        NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);
