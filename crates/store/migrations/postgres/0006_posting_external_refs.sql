-- The name an applicant tracking system gives a posting, unique per company, so that importing
-- the same feed again updates postings instead of adding them twice.
ALTER TABLE postings ADD COLUMN external_source TEXT, ADD COLUMN external_id TEXT;
CREATE UNIQUE INDEX postings_external_ref ON postings (company_id, external_source, external_id);
