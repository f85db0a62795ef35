-- The name an applicant tracking system gives a posting, unique per company, so that importing
-- the same feed again updates postings instead of adding them twice.
ALTER TABLE postings ADD COLUMN external_source VARCHAR(40) NULL,
    ADD COLUMN external_id VARCHAR(200) COLLATE utf8mb4_bin NULL;
CREATE UNIQUE INDEX postings_external_ref ON postings (company_id, external_source, external_id);
