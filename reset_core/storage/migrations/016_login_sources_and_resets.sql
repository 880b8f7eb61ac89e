-- Failed logins counted per account AND per place they come from, so that someone
-- guessing from elsewhere locks only their own place, never the owner's.
CREATE TABLE login_failures (
    username VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    failed_attempts INTEGER NOT NULL,
    locked_until TIMESTAMP,
    PRIMARY KEY (username, source)
);

-- A password reset gives a one-time password: the first login with it must choose a
-- new password before anything else, and that login's session is tied to the reset
-- (who reset, when), so the audit log shows who used it.
CREATE SEQUENCE password_reset_ids START 1;
CREATE TABLE password_resets (
    id INTEGER PRIMARY KEY DEFAULT nextval('password_reset_ids'),
    username VARCHAR NOT NULL,
    reset_by VARCHAR NOT NULL,
    reset_at TIMESTAMP NOT NULL,
    session_id VARCHAR,
    used_at TIMESTAMP,
    changed_at TIMESTAMP
);

-- Where a login came from: a session cookie presented from another place opens nothing.
ALTER TABLE sessions ADD COLUMN source VARCHAR;
