-- A claim on an idempotency key holds a lease; NULL (claims made before leases) counts as run out.
ALTER TABLE idempotency_keys ADD COLUMN locked_until DATETIME(6) NULL;

-- One row naming this database: its deployment id (what tells one database from another,
-- say a restored copy, to the caches in front of it) and when a write last proved it writable.
CREATE TABLE deployment (
    id              SMALLINT    NOT NULL PRIMARY KEY,
    deployment_id   VARCHAR(64) NOT NULL,
    write_probed_at DATETIME(6) NULL,
    CONSTRAINT deployment_single_row CHECK (id = 1)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
INSERT INTO deployment (id, deployment_id) VALUES (1, REPLACE(UUID(), '-', ''));
