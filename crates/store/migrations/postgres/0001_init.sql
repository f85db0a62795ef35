-- hireboard schema for PostgreSQL. Times are TIMESTAMPTZ, dates DATE; integers BIGINT so one
-- Rust type (i64) reads every numeric column on every backend.

CREATE TABLE accounts (
    id             BIGSERIAL PRIMARY KEY,
    email          TEXT        NOT NULL CONSTRAINT accounts_email UNIQUE,
    password_hash  TEXT        NOT NULL,
    display_name   TEXT        NOT NULL,
    role           TEXT        NOT NULL CHECK (role IN ('candidate', 'recruiter', 'moderator', 'admin')),
    status         TEXT        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
    company_id     BIGINT,
    created_at     TIMESTAMPTZ NOT NULL
);

CREATE TABLE companies (
    id            BIGSERIAL PRIMARY KEY,
    slug          TEXT        NOT NULL CONSTRAINT companies_slug UNIQUE,
    name          TEXT        NOT NULL,
    description   TEXT,
    website       TEXT,
    headquarters  TEXT,
    owner_id      BIGINT REFERENCES accounts (id),
    created_at    TIMESTAMPTZ NOT NULL
);
ALTER TABLE accounts ADD CONSTRAINT accounts_company FOREIGN KEY (company_id) REFERENCES companies (id);

CREATE TABLE sessions (
    token_hash    BYTEA       PRIMARY KEY,
    account_id    BIGINT      NOT NULL REFERENCES accounts (id),
    created_at    TIMESTAMPTZ NOT NULL,
    last_used_at  TIMESTAMPTZ NOT NULL,
    expires_at    TIMESTAMPTZ NOT NULL,
    revoked_at    TIMESTAMPTZ
);
CREATE INDEX sessions_account ON sessions (account_id);

CREATE TABLE postings (
    id                  BIGSERIAL PRIMARY KEY,
    job_code            BIGINT      NOT NULL CONSTRAINT postings_job_code UNIQUE,
    company_id          BIGINT      NOT NULL REFERENCES companies (id),
    posted_by           BIGINT      REFERENCES accounts (id),
    status              TEXT        NOT NULL,
    title               TEXT        NOT NULL,
    functional_area     TEXT        NOT NULL,
    functional_area_key TEXT        NOT NULL,
    category            TEXT        NOT NULL,
    workplace_type      TEXT        NOT NULL,
    employment_type     TEXT        NOT NULL,
    experience_min      BIGINT      NOT NULL,
    experience_max      BIGINT      NOT NULL,
    salary_min          BIGINT,
    salary_max          BIGINT,
    salary_currency     TEXT,
    salary_period       TEXT,
    skills_json         TEXT        NOT NULL,
    locations_json      TEXT        NOT NULL,
    content_json        TEXT        NOT NULL,
    posted_at           TIMESTAMPTZ,
    valid_through       DATE        NOT NULL,
    removal_reason      TEXT,
    created_at          TIMESTAMPTZ NOT NULL,
    updated_at          TIMESTAMPTZ NOT NULL
);
-- Listing walks these newest first and stops after a page; only published rows are indexed.
CREATE INDEX postings_listing ON postings (posted_at DESC, job_code DESC) WHERE status = 'published';
CREATE INDEX postings_listing_area ON postings (functional_area_key, posted_at DESC, job_code DESC) WHERE status = 'published';
CREATE INDEX postings_listing_company ON postings (company_id, posted_at DESC, job_code DESC) WHERE status = 'published';
CREATE INDEX postings_expiry ON postings (valid_through) WHERE status = 'published';
CREATE INDEX postings_company ON postings (company_id);

CREATE TABLE posting_skills (
    posting_id  BIGINT NOT NULL REFERENCES postings (id) ON DELETE CASCADE,
    skill       TEXT   NOT NULL,
    PRIMARY KEY (skill, posting_id)
);
CREATE INDEX posting_skills_posting ON posting_skills (posting_id);

CREATE TABLE posting_locations (
    posting_id  BIGINT NOT NULL REFERENCES postings (id) ON DELETE CASCADE,
    city_key    TEXT,
    country     TEXT   NOT NULL
);
CREATE INDEX posting_locations_city ON posting_locations (city_key, posting_id);
CREATE INDEX posting_locations_country ON posting_locations (country, posting_id);
CREATE INDEX posting_locations_posting ON posting_locations (posting_id);

CREATE TABLE applications (
    id            BIGSERIAL PRIMARY KEY,
    posting_id    BIGINT      NOT NULL REFERENCES postings (id),
    candidate_id  BIGINT      NOT NULL REFERENCES accounts (id),
    stage         TEXT        NOT NULL,
    cover_note    TEXT,
    answers_json  TEXT        NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL,
    CONSTRAINT one_application_per_candidate UNIQUE (posting_id, candidate_id)
);
CREATE INDEX applications_candidate ON applications (candidate_id, created_at DESC);

CREATE TABLE application_stage_changes (
    id              BIGSERIAL PRIMARY KEY,
    application_id  BIGINT      NOT NULL REFERENCES applications (id),
    from_stage      TEXT,
    to_stage        TEXT        NOT NULL,
    actor_id        BIGINT      NOT NULL REFERENCES accounts (id),
    note            TEXT,
    at              TIMESTAMPTZ NOT NULL
);
CREATE INDEX application_stage_changes_app ON application_stage_changes (application_id, id);

CREATE TABLE reports (
    id               BIGSERIAL PRIMARY KEY,
    posting_id       BIGINT      NOT NULL REFERENCES postings (id),
    reporter_id      BIGINT      NOT NULL REFERENCES accounts (id),
    reason           TEXT        NOT NULL,
    details          TEXT,
    status           TEXT        NOT NULL DEFAULT 'open',
    resolution_note  TEXT,
    resolved_by      BIGINT      REFERENCES accounts (id),
    created_at       TIMESTAMPTZ NOT NULL,
    resolved_at      TIMESTAMPTZ,
    CONSTRAINT one_report_per_user UNIQUE (posting_id, reporter_id)
);
CREATE INDEX reports_open ON reports (posting_id) WHERE status = 'open';

CREATE TABLE audit_log (
    id        BIGSERIAL PRIMARY KEY,
    actor_id  BIGINT      NOT NULL REFERENCES accounts (id),
    action    TEXT        NOT NULL,
    target    TEXT        NOT NULL,
    reason    TEXT,
    at        TIMESTAMPTZ NOT NULL
);

CREATE TABLE interview_questions (
    id                   BIGSERIAL PRIMARY KEY,
    company_id           BIGINT      REFERENCES companies (id),
    author_id            BIGINT      REFERENCES accounts (id),
    question             TEXT        NOT NULL,
    answer               TEXT,
    difficulty           TEXT,
    functional_area      TEXT,
    functional_area_key  TEXT,
    skills_json          TEXT        NOT NULL,
    created_at           TIMESTAMPTZ NOT NULL,
    updated_at           TIMESTAMPTZ NOT NULL
);
CREATE INDEX interview_questions_area ON interview_questions (functional_area_key);

CREATE TABLE interview_question_skills (
    question_id  BIGINT NOT NULL REFERENCES interview_questions (id) ON DELETE CASCADE,
    skill        TEXT   NOT NULL,
    PRIMARY KEY (skill, question_id)
);

CREATE TABLE idempotency_keys (
    scope            TEXT        NOT NULL,
    idem_key         TEXT        NOT NULL,
    request_hash     BYTEA       NOT NULL,
    response_status  BIGINT,
    response_body    BYTEA,
    created_at       TIMESTAMPTZ NOT NULL,
    CONSTRAINT idempotency_keys_pk PRIMARY KEY (scope, idem_key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);

CREATE TABLE outbox (
    id             BIGSERIAL PRIMARY KEY,
    kind           TEXT        NOT NULL,
    aggregate      TEXT        NOT NULL,
    aggregate_key  TEXT        NOT NULL,
    payload        TEXT        NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL
);
