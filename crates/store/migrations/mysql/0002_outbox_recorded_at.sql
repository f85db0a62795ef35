-- When each event row was written, by the database's clock (sessions run in UTC), so followers
-- can tell events whose transactions have surely committed (see Store::outbox_committed_after).
ALTER TABLE outbox ADD COLUMN recorded_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6);
