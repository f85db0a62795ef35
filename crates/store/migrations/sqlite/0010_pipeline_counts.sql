-- Events a consumer has applied, for consumers whose effect is not idempotent by itself
-- (a count): the effect and this row commit together, so a redelivered event changes nothing.
CREATE TABLE consumer_applied (
    consumer   TEXT    NOT NULL,
    event_id   TEXT    NOT NULL,
    applied_at INTEGER NOT NULL,
    PRIMARY KEY (consumer, event_id)
);
-- Kept a week: long enough for any redelivery; then forgotten, oldest first.
CREATE INDEX consumer_applied_at ON consumer_applied (consumer, applied_at);

-- How many of a posting's applications stand at each stage, kept by the `pipeline` consumer.
CREATE TABLE pipeline_counts (
    job_code     INTEGER NOT NULL,
    stage        TEXT    NOT NULL,
    applications INTEGER NOT NULL,
    PRIMARY KEY (job_code, stage)
);

-- The counts start from the applications there are; the events already written are marked
-- applied, so that the consumer counts only what happens from here on, wherever it starts.
INSERT INTO pipeline_counts (job_code, stage, applications)
    SELECT p.job_code, a.stage, COUNT(*) FROM applications a JOIN postings p ON p.id = a.posting_id
    GROUP BY p.job_code, a.stage;
INSERT INTO consumer_applied (consumer, event_id, applied_at)
    SELECT 'pipeline', event_id, CAST(strftime('%s', 'now') AS INTEGER) * 1000000
    FROM outbox WHERE aggregate = 'application';
