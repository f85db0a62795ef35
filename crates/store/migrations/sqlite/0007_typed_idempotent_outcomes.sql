-- A keyed write now keeps its typed outcome (the resource it wrote, or the error it got, as
-- JSON), which any API renders in its own protocol, instead of an HTTP status and body.
-- Earlier uses of keys cannot be told apart from uses of other requests under the new
-- fingerprints, so they are forgotten: a retry across the upgrade runs again, once.
DELETE FROM idempotency_keys;
ALTER TABLE idempotency_keys DROP COLUMN response_status;
ALTER TABLE idempotency_keys DROP COLUMN response_body;
ALTER TABLE idempotency_keys ADD COLUMN outcome TEXT;
