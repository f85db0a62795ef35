-- `key` is reserved in MySQL; use the same column names on every backend.
ALTER TABLE idempotency_keys RENAME COLUMN key TO idem_key;
ALTER TABLE outbox RENAME COLUMN key TO aggregate_key;
