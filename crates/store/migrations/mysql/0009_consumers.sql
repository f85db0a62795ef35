-- The event backbone's bookkeeping. A consumer's position in a stream (the outbox, or a
-- broker partition), advanced only after it handled what came before.
CREATE TABLE consumer_positions (
    consumer   VARCHAR(100) NOT NULL,
    stream     VARCHAR(100) NOT NULL,
    position   BIGINT       NOT NULL,
    updated_at DATETIME(6)  NOT NULL,
    PRIMARY KEY (consumer, stream)
);

-- Events a consumer gave up on after its retries, with why, until an operator replays them.
CREATE TABLE dead_letters (
    id                  BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    consumer            VARCHAR(100) NOT NULL,
    event_id            VARCHAR(64)  NULL,
    event_type          VARCHAR(100) NULL,
    payload             MEDIUMTEXT   NOT NULL,
    error               TEXT         NOT NULL,
    attempts            INT          NOT NULL,
    failed_at           DATETIME(6)  NOT NULL,
    replay_requested_at DATETIME(6)  NULL,
    INDEX dead_letters_consumer (consumer, id)
);

-- Work that one instance at a time does (the relay, shared consumers, scheduled sweeps).
CREATE TABLE leases (
    name       VARCHAR(100) NOT NULL PRIMARY KEY,
    holder     VARCHAR(100) NOT NULL,
    expires_at DATETIME(6)  NOT NULL
);
