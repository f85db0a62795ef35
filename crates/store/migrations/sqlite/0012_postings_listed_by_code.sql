-- Listed postings in job-code order, a page at a time: how a search index is built from the
-- store. Without it each page read every listed posting to sort them.
CREATE INDEX postings_listed_by_code ON postings (status, job_code);
