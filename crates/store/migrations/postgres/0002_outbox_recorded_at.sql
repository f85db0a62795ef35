-- When each event row was written, by the database's clock, so followers can tell events whose
-- transactions have surely committed (see Store::outbox_committed_after).
ALTER TABLE outbox ADD COLUMN recorded_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp();
