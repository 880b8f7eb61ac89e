-- Accounts, server-side login sessions, cases with their parties, and the audit log.
CREATE TABLE meta (
    key VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);

CREATE TABLE users (
    username VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    role VARCHAR NOT NULL,
    password_hash VARCHAR NOT NULL,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);

-- One row per login; the browser's cookie only points at it. Ending the row ends
-- access, also for a copied cookie.
CREATE TABLE sessions (
    id VARCHAR PRIMARY KEY,
    username VARCHAR NOT NULL,
    started_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    ended_at TIMESTAMP
);

CREATE SEQUENCE case_ids START 1;
CREATE TABLE cases (
    id INTEGER PRIMARY KEY DEFAULT nextval('case_ids'),
    facilitator VARCHAR NOT NULL,
    phase VARCHAR NOT NULL,
    sick_leave_start DATE,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE parties (
    case_id INTEGER NOT NULL,
    role VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    job_title VARCHAR NOT NULL DEFAULT '',
    department VARCHAR NOT NULL DEFAULT '',
    PRIMARY KEY (case_id, role)
);

CREATE SEQUENCE audit_ids START 1;
CREATE TABLE audit_log (
    id BIGINT PRIMARY KEY DEFAULT nextval('audit_ids'),
    logged_at TIMESTAMP NOT NULL,
    actor VARCHAR NOT NULL,
    case_id INTEGER,
    action VARCHAR NOT NULL,
    detail VARCHAR NOT NULL DEFAULT ''
);
CREATE INDEX audit_by_case ON audit_log (case_id);
