-- hireboard schema for SQLite. Timestamps are INTEGER microseconds since the Unix epoch (UTC);
-- dates are TEXT 'YYYY-MM-DD', which sorts and compares correctly.

CREATE TABLE companies (
    id            INTEGER PRIMARY KEY,
    slug          TEXT    NOT NULL UNIQUE,
    name          TEXT    NOT NULL,
    description   TEXT,
    website       TEXT,
    headquarters  TEXT,
    owner_id      INTEGER REFERENCES accounts(id),
    created_at    INTEGER NOT NULL
);

CREATE TABLE accounts (
    id             INTEGER PRIMARY KEY,
    email          TEXT    NOT NULL UNIQUE,
    password_hash  TEXT    NOT NULL,
    display_name   TEXT    NOT NULL,
    role           TEXT    NOT NULL CHECK (role IN ('candidate', 'recruiter', 'moderator', 'admin')),
    status         TEXT    NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
    company_id     INTEGER REFERENCES companies(id),
    created_at     INTEGER NOT NULL
);

CREATE TABLE sessions (
    token_hash    BLOB    PRIMARY KEY,
    account_id    INTEGER NOT NULL REFERENCES accounts(id),
    created_at    INTEGER NOT NULL,
    last_used_at  INTEGER NOT NULL,
    expires_at    INTEGER NOT NULL,
    revoked_at    INTEGER
) WITHOUT ROWID;
CREATE INDEX sessions_account ON sessions (account_id);

CREATE TABLE postings (
    id                  INTEGER PRIMARY KEY,
    job_code            INTEGER NOT NULL UNIQUE,
    company_id          INTEGER NOT NULL REFERENCES companies(id),
    posted_by           INTEGER REFERENCES accounts(id),
    status              TEXT    NOT NULL,
    title               TEXT    NOT NULL,
    functional_area     TEXT    NOT NULL,
    functional_area_key TEXT    NOT NULL,
    category            TEXT    NOT NULL,
    workplace_type      TEXT    NOT NULL,
    employment_type     TEXT    NOT NULL,
    experience_min      INTEGER NOT NULL,
    experience_max      INTEGER NOT NULL,
    salary_min          INTEGER,
    salary_max          INTEGER,
    salary_currency     TEXT,
    salary_period       TEXT,
    skills_json         TEXT    NOT NULL,
    locations_json      TEXT    NOT NULL,
    content_json        TEXT    NOT NULL,
    posted_at           INTEGER,
    valid_through       TEXT    NOT NULL,
    removal_reason      TEXT,
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL
);
-- Listing: newest first among published postings, optionally by functional area or company.
CREATE INDEX postings_listing ON postings (status, posted_at DESC, job_code DESC);
CREATE INDEX postings_listing_area ON postings (status, functional_area_key, posted_at DESC, job_code DESC);
CREATE INDEX postings_listing_company ON postings (company_id, status, posted_at DESC, job_code DESC);
CREATE INDEX postings_expiry ON postings (status, valid_through);

CREATE TABLE posting_skills (
    posting_id  INTEGER NOT NULL REFERENCES postings(id) ON DELETE CASCADE,
    skill       TEXT    NOT NULL,
    PRIMARY KEY (skill, posting_id)
) WITHOUT ROWID;
CREATE INDEX posting_skills_posting ON posting_skills (posting_id);

CREATE TABLE posting_locations (
    posting_id  INTEGER NOT NULL REFERENCES postings(id) ON DELETE CASCADE,
    city_key    TEXT,
    country     TEXT    NOT NULL
);
CREATE INDEX posting_locations_city ON posting_locations (city_key, posting_id);
CREATE INDEX posting_locations_country ON posting_locations (country, posting_id);
CREATE INDEX posting_locations_posting ON posting_locations (posting_id);

CREATE TABLE applications (
    id            INTEGER PRIMARY KEY,
    posting_id    INTEGER NOT NULL REFERENCES postings(id),
    candidate_id  INTEGER NOT NULL REFERENCES accounts(id),
    stage         TEXT    NOT NULL,
    cover_note    TEXT,
    answers_json  TEXT    NOT NULL,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    CONSTRAINT one_application_per_candidate UNIQUE (posting_id, candidate_id)
);
CREATE INDEX applications_candidate ON applications (candidate_id, created_at DESC);

CREATE TABLE application_stage_changes (
    id              INTEGER PRIMARY KEY,
    application_id  INTEGER NOT NULL REFERENCES applications(id),
    from_stage      TEXT,
    to_stage        TEXT    NOT NULL,
    actor_id        INTEGER NOT NULL REFERENCES accounts(id),
    note            TEXT,
    at              INTEGER NOT NULL
);
CREATE INDEX application_stage_changes_app ON application_stage_changes (application_id, id);

CREATE TABLE reports (
    id               INTEGER PRIMARY KEY,
    posting_id       INTEGER NOT NULL REFERENCES postings(id),
    reporter_id      INTEGER NOT NULL REFERENCES accounts(id),
    reason           TEXT    NOT NULL,
    details          TEXT,
    status           TEXT    NOT NULL DEFAULT 'open',
    resolution_note  TEXT,
    resolved_by      INTEGER REFERENCES accounts(id),
    created_at       INTEGER NOT NULL,
    resolved_at      INTEGER,
    CONSTRAINT one_report_per_user UNIQUE (posting_id, reporter_id)
);
CREATE INDEX reports_open ON reports (status, posting_id);

CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    actor_id  INTEGER NOT NULL REFERENCES accounts(id),
    action    TEXT    NOT NULL,
    target    TEXT    NOT NULL,
    reason    TEXT,
    at        INTEGER NOT NULL
);

CREATE TABLE interview_questions (
    id                   INTEGER PRIMARY KEY,
    company_id           INTEGER REFERENCES companies(id),
    author_id            INTEGER REFERENCES accounts(id),
    question             TEXT    NOT NULL,
    answer               TEXT,
    difficulty           TEXT,
    functional_area      TEXT,
    functional_area_key  TEXT,
    skills_json          TEXT    NOT NULL,
    created_at           INTEGER NOT NULL,
    updated_at           INTEGER NOT NULL
);
CREATE INDEX interview_questions_area ON interview_questions (functional_area_key);

CREATE TABLE interview_question_skills (
    question_id  INTEGER NOT NULL REFERENCES interview_questions(id) ON DELETE CASCADE,
    skill        TEXT    NOT NULL,
    PRIMARY KEY (skill, question_id)
) WITHOUT ROWID;

CREATE TABLE idempotency_keys (
    scope            TEXT    NOT NULL,
    key              TEXT    NOT NULL,
    request_hash     BLOB    NOT NULL,
    response_status  INTEGER,
    response_body    BLOB,
    created_at       INTEGER NOT NULL,
    PRIMARY KEY (scope, key)
) WITHOUT ROWID;
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);

CREATE TABLE outbox (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    kind        TEXT    NOT NULL,
    aggregate   TEXT    NOT NULL,
    key         TEXT    NOT NULL,
    payload     TEXT    NOT NULL,
    created_at  INTEGER NOT NULL
);
