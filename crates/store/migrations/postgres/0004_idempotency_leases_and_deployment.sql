-- A claim on an idempotency key holds a lease; NULL (claims made before leases) counts as run out.
ALTER TABLE idempotency_keys ADD COLUMN locked_until TIMESTAMPTZ;

-- One row naming this database: its deployment id (what tells one database from another,
-- say a restored copy, to the caches in front of it) and when a write last proved it writable.
CREATE TABLE deployment (
    id              SMALLINT    PRIMARY KEY CHECK (id = 1),
    deployment_id   TEXT        NOT NULL,
    write_probed_at TIMESTAMPTZ
);
INSERT INTO deployment (id, deployment_id) VALUES (1, md5(random()::text || clock_timestamp()::text));
