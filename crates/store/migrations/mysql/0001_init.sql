-- hireboard schema for MySQL 8 and MariaDB 10.6+. Times are DATETIME(6) holding UTC, dates
-- DATE; integers BIGINT; indexed text is VARCHAR. The store compares only values it normalized
-- itself (lower-cased emails, slugs, skills, area keys), so the case-insensitive default
-- collation agrees with the other backends; idempotency keys, which clients choose, compare
-- exactly (utf8mb4_bin).

CREATE TABLE companies (
    id            BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    slug          VARCHAR(100) NOT NULL,
    name          VARCHAR(200) NOT NULL,
    description   TEXT,
    website       VARCHAR(300),
    headquarters  VARCHAR(200),
    owner_id      BIGINT,
    created_at    DATETIME(6)  NOT NULL,
    CONSTRAINT companies_slug UNIQUE (slug)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE accounts (
    id             BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    email          VARCHAR(254) NOT NULL,
    password_hash  VARCHAR(200) NOT NULL,
    display_name   VARCHAR(200) NOT NULL,
    role           VARCHAR(16)  NOT NULL CHECK (role IN ('candidate', 'recruiter', 'moderator', 'admin')),
    status         VARCHAR(16)  NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
    company_id     BIGINT,
    created_at     DATETIME(6)  NOT NULL,
    CONSTRAINT accounts_email UNIQUE (email),
    CONSTRAINT accounts_company FOREIGN KEY (company_id) REFERENCES companies (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
ALTER TABLE companies ADD CONSTRAINT companies_owner FOREIGN KEY (owner_id) REFERENCES accounts (id);

CREATE TABLE sessions (
    token_hash    VARBINARY(32) NOT NULL PRIMARY KEY,
    account_id    BIGINT        NOT NULL,
    created_at    DATETIME(6)   NOT NULL,
    last_used_at  DATETIME(6)   NOT NULL,
    expires_at    DATETIME(6)   NOT NULL,
    revoked_at    DATETIME(6),
    CONSTRAINT sessions_account FOREIGN KEY (account_id) REFERENCES accounts (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE postings (
    id                  BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    job_code            BIGINT       NOT NULL,
    company_id          BIGINT       NOT NULL,
    posted_by           BIGINT,
    status              VARCHAR(16)  NOT NULL,
    title               VARCHAR(255) NOT NULL,
    functional_area     VARCHAR(100) NOT NULL,
    functional_area_key VARCHAR(100) NOT NULL,
    category            VARCHAR(100) NOT NULL,
    workplace_type      VARCHAR(16)  NOT NULL,
    employment_type     VARCHAR(16)  NOT NULL,
    experience_min      BIGINT       NOT NULL,
    experience_max      BIGINT       NOT NULL,
    salary_min          BIGINT,
    salary_max          BIGINT,
    salary_currency     CHAR(3),
    salary_period       VARCHAR(8),
    skills_json         TEXT         NOT NULL,
    locations_json      TEXT         NOT NULL,
    content_json        MEDIUMTEXT   NOT NULL,
    posted_at           DATETIME(6),
    valid_through       DATE         NOT NULL,
    removal_reason      TEXT,
    created_at          DATETIME(6)  NOT NULL,
    updated_at          DATETIME(6)  NOT NULL,
    CONSTRAINT postings_job_code UNIQUE (job_code),
    CONSTRAINT postings_company FOREIGN KEY (company_id) REFERENCES companies (id),
    CONSTRAINT postings_poster FOREIGN KEY (posted_by) REFERENCES accounts (id),
    INDEX postings_listing (status, posted_at DESC, job_code DESC),
    INDEX postings_listing_area (status, functional_area_key, posted_at DESC, job_code DESC),
    INDEX postings_listing_company (company_id, status, posted_at DESC, job_code DESC),
    INDEX postings_expiry (status, valid_through)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE posting_skills (
    posting_id  BIGINT      NOT NULL,
    skill       VARCHAR(40) NOT NULL,
    PRIMARY KEY (skill, posting_id),
    INDEX posting_skills_posting (posting_id),
    CONSTRAINT posting_skills_posting FOREIGN KEY (posting_id) REFERENCES postings (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE posting_locations (
    posting_id  BIGINT       NOT NULL,
    city_key    VARCHAR(100),
    country     CHAR(2)      NOT NULL,
    INDEX posting_locations_city (city_key, posting_id),
    INDEX posting_locations_country (country, posting_id),
    INDEX posting_locations_posting (posting_id),
    CONSTRAINT posting_locations_posting FOREIGN KEY (posting_id) REFERENCES postings (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE applications (
    id            BIGINT      NOT NULL AUTO_INCREMENT PRIMARY KEY,
    posting_id    BIGINT      NOT NULL,
    candidate_id  BIGINT      NOT NULL,
    stage         VARCHAR(16) NOT NULL,
    cover_note    TEXT,
    answers_json  TEXT        NOT NULL,
    created_at    DATETIME(6) NOT NULL,
    updated_at    DATETIME(6) NOT NULL,
    CONSTRAINT one_application_per_candidate UNIQUE (posting_id, candidate_id),
    INDEX applications_candidate (candidate_id, created_at DESC),
    CONSTRAINT applications_posting FOREIGN KEY (posting_id) REFERENCES postings (id),
    CONSTRAINT applications_candidate FOREIGN KEY (candidate_id) REFERENCES accounts (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE application_stage_changes (
    id              BIGINT      NOT NULL AUTO_INCREMENT PRIMARY KEY,
    application_id  BIGINT      NOT NULL,
    from_stage      VARCHAR(16),
    to_stage        VARCHAR(16) NOT NULL,
    actor_id        BIGINT      NOT NULL,
    note            TEXT,
    at              DATETIME(6) NOT NULL,
    INDEX application_stage_changes_app (application_id, id),
    CONSTRAINT stage_changes_application FOREIGN KEY (application_id) REFERENCES applications (id),
    CONSTRAINT stage_changes_actor FOREIGN KEY (actor_id) REFERENCES accounts (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE reports (
    id               BIGINT      NOT NULL AUTO_INCREMENT PRIMARY KEY,
    posting_id       BIGINT      NOT NULL,
    reporter_id      BIGINT      NOT NULL,
    reason           VARCHAR(32) NOT NULL,
    details          TEXT,
    status           VARCHAR(16) NOT NULL DEFAULT 'open',
    resolution_note  TEXT,
    resolved_by      BIGINT,
    created_at       DATETIME(6) NOT NULL,
    resolved_at      DATETIME(6),
    CONSTRAINT one_report_per_user UNIQUE (posting_id, reporter_id),
    INDEX reports_open (status, posting_id),
    CONSTRAINT reports_posting FOREIGN KEY (posting_id) REFERENCES postings (id),
    CONSTRAINT reports_reporter FOREIGN KEY (reporter_id) REFERENCES accounts (id),
    CONSTRAINT reports_resolver FOREIGN KEY (resolved_by) REFERENCES accounts (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE audit_log (
    id        BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    actor_id  BIGINT       NOT NULL,
    action    VARCHAR(32)  NOT NULL,
    target    VARCHAR(100) NOT NULL,
    reason    TEXT,
    at        DATETIME(6)  NOT NULL,
    CONSTRAINT audit_log_actor FOREIGN KEY (actor_id) REFERENCES accounts (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE interview_questions (
    id                   BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    company_id           BIGINT,
    author_id            BIGINT,
    question             TEXT         NOT NULL,
    answer               TEXT,
    difficulty           VARCHAR(8),
    functional_area      VARCHAR(100),
    functional_area_key  VARCHAR(100),
    skills_json          TEXT         NOT NULL,
    created_at           DATETIME(6)  NOT NULL,
    updated_at           DATETIME(6)  NOT NULL,
    INDEX interview_questions_area (functional_area_key),
    CONSTRAINT questions_company FOREIGN KEY (company_id) REFERENCES companies (id),
    CONSTRAINT questions_author FOREIGN KEY (author_id) REFERENCES accounts (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE interview_question_skills (
    question_id  BIGINT      NOT NULL,
    skill        VARCHAR(40) NOT NULL,
    PRIMARY KEY (skill, question_id),
    CONSTRAINT question_skills_question FOREIGN KEY (question_id) REFERENCES interview_questions (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE idempotency_keys (
    scope            VARCHAR(100)   COLLATE utf8mb4_bin NOT NULL,
    idem_key         VARCHAR(255)   COLLATE utf8mb4_bin NOT NULL,
    request_hash     VARBINARY(32)  NOT NULL,
    response_status  BIGINT,
    response_body    MEDIUMBLOB,
    created_at       DATETIME(6)    NOT NULL,
    PRIMARY KEY (scope, idem_key),
    INDEX idempotency_keys_created (created_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE outbox (
    id             BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    kind           VARCHAR(64)  NOT NULL,
    aggregate      VARCHAR(32)  NOT NULL,
    aggregate_key  VARCHAR(100) NOT NULL,
    payload        TEXT         NOT NULL,
    created_at     DATETIME(6)  NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
