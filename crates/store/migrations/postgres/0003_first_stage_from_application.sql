-- An application's first stage ("applied", by its candidate, when it was created) is read from
-- the application row itself; application_stage_changes keeps only the moves after it, so that
-- applying writes one row less on the busiest write path.
DELETE FROM application_stage_changes WHERE from_stage IS NULL;
