-- Company membership becomes a role per member, kept on the account beside its company:
-- an account belongs to at most one company, and a company may have several owners.
-- companies.owner_id stays as who created the company; who owns it now is company_role.
ALTER TABLE accounts ADD COLUMN company_role TEXT CHECK (company_role IN ('owner', 'recruiter'));
ALTER TABLE accounts ADD COLUMN company_joined_at INTEGER;
UPDATE accounts
SET company_role = CASE
        WHEN EXISTS (SELECT 1 FROM companies c WHERE c.id = accounts.company_id AND c.owner_id = accounts.id)
        THEN 'owner' ELSE 'recruiter' END,
    company_joined_at = created_at
WHERE company_id IS NOT NULL;
CREATE INDEX accounts_company_members ON accounts (company_id, id);

-- Invitations to join a company, by email address. The token is stored only as its SHA-256
-- hash; an invitation is pending until accepted, revoked or past expires_at.
CREATE TABLE company_invitations (
    id                INTEGER PRIMARY KEY,
    company_id        INTEGER NOT NULL REFERENCES companies(id),
    email             TEXT    NOT NULL,
    email_normalized  TEXT    NOT NULL,
    role              TEXT    NOT NULL CHECK (role IN ('owner', 'recruiter')),
    token_hash        BLOB    NOT NULL UNIQUE,
    invited_by        INTEGER NOT NULL REFERENCES accounts(id),
    created_at        INTEGER NOT NULL,
    expires_at        INTEGER NOT NULL,
    accepted_at       INTEGER,
    accepted_by       INTEGER REFERENCES accounts(id),
    revoked_at        INTEGER
);
CREATE INDEX company_invitations_company ON company_invitations (company_id, id);
CREATE INDEX company_invitations_email ON company_invitations (company_id, email_normalized);
