-- When its poster last confirmed the posting is still open: search ranks recently posted
-- or reconfirmed postings a little higher.
ALTER TABLE postings ADD COLUMN reconfirmed_at INTEGER;
