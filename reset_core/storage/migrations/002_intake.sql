-- Intake: the case's dates and assessment, the consent ledger, the people around
-- the case with their contact log, and the agreements about contact.
ALTER TABLE cases ADD COLUMN intake_date DATE;
ALTER TABLE cases ADD COLUMN expected_return DATE;
ALTER TABLE cases ADD COLUMN actual_return DATE;
ALTER TABLE cases ADD COLUMN started_by VARCHAR;
ALTER TABLE cases ADD COLUMN assessment VARCHAR;
ALTER TABLE cases ADD COLUMN assessment_date DATE;
ALTER TABLE cases ADD COLUMN assessment_modalities VARCHAR DEFAULT '';
-- Raised on every save: a save based on an older version is refused, not merged.
ALTER TABLE cases ADD COLUMN version INTEGER DEFAULT 1;

-- Append-only: a consent's state is its latest entry; nothing is ever updated.
CREATE SEQUENCE consent_ids START 1;
CREATE TABLE consents (
    id INTEGER PRIMARY KEY DEFAULT nextval('consent_ids'),
    case_id INTEGER NOT NULL,
    subject VARCHAR NOT NULL,          -- 'processing' or 'person:<id>'
    given BOOLEAN NOT NULL,            -- true: given, false: withdrawn
    on_date DATE NOT NULL,
    note VARCHAR NOT NULL DEFAULT '',
    recorded_by VARCHAR NOT NULL,
    recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX consents_by_case ON consents (case_id);

CREATE SEQUENCE person_ids START 1;
CREATE TABLE people (
    id INTEGER PRIMARY KEY DEFAULT nextval('person_ids'),
    case_id INTEGER NOT NULL,
    role VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    organisation VARCHAR NOT NULL DEFAULT '',
    contact VARCHAR NOT NULL DEFAULT ''
);
CREATE INDEX people_by_case ON people (case_id);

CREATE SEQUENCE contact_ids START 1;
CREATE TABLE contact_log (
    id INTEGER PRIMARY KEY DEFAULT nextval('contact_ids'),
    case_id INTEGER NOT NULL,
    person_id INTEGER NOT NULL,
    on_date DATE NOT NULL,
    note VARCHAR NOT NULL,
    recorded_by VARCHAR NOT NULL,
    recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX contact_log_by_case ON contact_log (case_id);

CREATE TABLE contact_agreements (
    case_id INTEGER PRIMARY KEY,
    keeper VARCHAR NOT NULL,
    frequency VARCHAR NOT NULL DEFAULT '',
    channel VARCHAR NOT NULL DEFAULT '',
    not_wanted VARCHAR NOT NULL DEFAULT '',
    colleagues_informed BOOLEAN NOT NULL DEFAULT FALSE,
    colleagues_message VARCHAR NOT NULL DEFAULT '',
    manager_present_day_one BOOLEAN NOT NULL DEFAULT FALSE,
    workplace_ready BOOLEAN NOT NULL DEFAULT FALSE,
    accounts_ready BOOLEAN NOT NULL DEFAULT FALSE,
    first_week_plan VARCHAR NOT NULL DEFAULT '',
    updated_by VARCHAR NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
