-- Events a consumer has applied, for consumers whose effect is not idempotent by itself
-- (a count): the effect and this row commit together, so a redelivered event changes nothing.
-- Kept a week: long enough for any redelivery; then forgotten, oldest first.
CREATE TABLE consumer_applied (
    consumer   VARCHAR(100) NOT NULL,
    event_id   VARCHAR(64)  NOT NULL,
    applied_at DATETIME(6)  NOT NULL,
    PRIMARY KEY (consumer, event_id),
    INDEX consumer_applied_at (consumer, applied_at)
);

-- How many of a posting's applications stand at each stage, kept by the `pipeline` consumer.
CREATE TABLE pipeline_counts (
    job_code     BIGINT      NOT NULL,
    stage        VARCHAR(20) NOT NULL,
    applications BIGINT      NOT NULL,
    PRIMARY KEY (job_code, stage)
);

-- The counts start from the applications there are; the events already written are marked
-- applied, so that the consumer counts only what happens from here on, wherever it starts.
INSERT INTO pipeline_counts (job_code, stage, applications)
    SELECT p.job_code, a.stage, COUNT(*) FROM applications a JOIN postings p ON p.id = a.posting_id
    GROUP BY p.job_code, a.stage;
INSERT INTO consumer_applied (consumer, event_id, applied_at)
    SELECT 'pipeline', event_id, NOW(6) FROM outbox WHERE aggregate = 'application';
