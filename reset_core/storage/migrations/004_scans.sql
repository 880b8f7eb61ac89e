-- Scan moments, the personal links to answer them, and the answers.
CREATE SEQUENCE moment_ids START 1;
CREATE TABLE scan_moments (
    id INTEGER PRIMARY KEY DEFAULT nextval('moment_ids'),
    case_id INTEGER NOT NULL,
    kind VARCHAR NOT NULL,             -- t0, m3, m6, m9, extra
    planned_on DATE NOT NULL,
    instrument_version INTEGER NOT NULL,
    created_by VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX moments_by_case ON scan_moments (case_id);

-- A link is only ever stored as the SHA-256 of its token. Reissuing a link revokes
-- the old row and adds a new one; the answers belong to the moment and respondent.
CREATE SEQUENCE link_ids START 1;
CREATE TABLE scan_links (
    id INTEGER PRIMARY KEY DEFAULT nextval('link_ids'),
    moment_id INTEGER NOT NULL,
    case_id INTEGER NOT NULL,
    respondent VARCHAR NOT NULL,       -- employee, manager
    token_hash VARCHAR NOT NULL UNIQUE,
    language VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP
);

CREATE TABLE scan_responses (
    moment_id INTEGER NOT NULL,
    respondent VARCHAR NOT NULL,
    instrument_version INTEGER NOT NULL,
    opened_at TIMESTAMP,
    submitted_at TIMESTAMP,
    continuum VARCHAR,
    PRIMARY KEY (moment_id, respondent)
);

CREATE TABLE scan_answers (
    moment_id INTEGER NOT NULL,
    respondent VARCHAR NOT NULL,
    item_id VARCHAR NOT NULL,
    value INTEGER,                     -- 1..5; NULL is "not applicable"
    instrument_version INTEGER NOT NULL,
    answered_at TIMESTAMP NOT NULL,
    PRIMARY KEY (moment_id, respondent, item_id)
);

CREATE TABLE scan_open_answers (
    moment_id INTEGER NOT NULL,
    respondent VARCHAR NOT NULL,
    question_id VARCHAR NOT NULL,
    text VARCHAR NOT NULL,
    answered_at TIMESTAMP NOT NULL,
    PRIMARY KEY (moment_id, respondent, question_id)
);
