-- Company membership becomes a role per member, kept on the account beside its company:
-- an account belongs to at most one company, and a company may have several owners.
-- companies.owner_id stays as who created the company; who owns it now is company_role.
ALTER TABLE accounts ADD COLUMN company_role VARCHAR(16) NULL CHECK (company_role IN ('owner', 'recruiter'));
ALTER TABLE accounts ADD COLUMN company_joined_at DATETIME(6) NULL;
UPDATE accounts
SET company_role = CASE
        WHEN EXISTS (SELECT 1 FROM companies c WHERE c.id = accounts.company_id AND c.owner_id = accounts.id)
        THEN 'owner' ELSE 'recruiter' END,
    company_joined_at = created_at
WHERE company_id IS NOT NULL;
ALTER TABLE accounts ADD CONSTRAINT accounts_company_role
    CHECK ((company_id IS NULL) = (company_role IS NULL) AND (company_id IS NULL) = (company_joined_at IS NULL));
CREATE INDEX accounts_company_members ON accounts (company_id, id);

-- Invitations to join a company, by email address. The token is stored only as its SHA-256
-- hash; an invitation is pending until accepted, revoked or past expires_at.
CREATE TABLE company_invitations (
    id                BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    company_id        BIGINT        NOT NULL,
    email             VARCHAR(254)  NOT NULL,
    email_normalized  VARCHAR(254)  NOT NULL,
    role              VARCHAR(16)   NOT NULL CHECK (role IN ('owner', 'recruiter')),
    token_hash        VARBINARY(32) NOT NULL,
    invited_by        BIGINT        NOT NULL,
    created_at        DATETIME(6)   NOT NULL,
    expires_at        DATETIME(6)   NOT NULL,
    accepted_at       DATETIME(6),
    accepted_by       BIGINT,
    revoked_at        DATETIME(6),
    CONSTRAINT company_invitations_token UNIQUE (token_hash),
    CONSTRAINT company_invitations_company FOREIGN KEY (company_id) REFERENCES companies (id),
    CONSTRAINT company_invitations_inviter FOREIGN KEY (invited_by) REFERENCES accounts (id),
    CONSTRAINT company_invitations_acceptor FOREIGN KEY (accepted_by) REFERENCES accounts (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
CREATE INDEX company_invitations_company ON company_invitations (company_id, id);
CREATE INDEX company_invitations_email ON company_invitations (company_id, email_normalized);
