-- Closing a case: its outcome, whether the employee is still at work at 9 months, the
-- lessons learned and a suggested prevention action. A reopened case keeps its old
-- closing on file (active = FALSE) and the reason why it was reopened. Every table
-- carries case_id, so a case can be exported and erased whole.
CREATE SEQUENCE closing_ids START 1;
CREATE TABLE closings (
    id INTEGER PRIMARY KEY DEFAULT nextval('closing_ids'),
    case_id INTEGER NOT NULL,
    closed_on DATE NOT NULL,
    outcome VARCHAR NOT NULL,          -- own_job, adapted_job, other_job, left_employer, relapse, other
    at_work_9m VARCHAR NOT NULL,       -- yes, no, not_known
    prevention_action VARCHAR NOT NULL DEFAULT '',
    prevention_theme VARCHAR,          -- a theme of the card set
    active BOOLEAN NOT NULL DEFAULT TRUE,
    closed_by VARCHAR NOT NULL,
    closed_at TIMESTAMP NOT NULL,
    updated_by VARCHAR NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX closings_by_case ON closings (case_id);

CREATE SEQUENCE lesson_ids START 1;
CREATE TABLE closing_lessons (
    id INTEGER PRIMARY KEY DEFAULT nextval('lesson_ids'),
    closing_id INTEGER NOT NULL,
    case_id INTEGER NOT NULL,
    kind VARCHAR NOT NULL,             -- went_well, could_be_better
    level VARCHAR NOT NULL,            -- employee, manager, team, organisation
    theme VARCHAR NOT NULL,
    text VARCHAR NOT NULL,
    created_by VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX closing_lessons_by_case ON closing_lessons (case_id);

CREATE TABLE case_reopenings (
    case_id INTEGER NOT NULL,
    closing_id INTEGER,                -- the closing it ended; NULL when none was recorded
    reason VARCHAR NOT NULL,
    reopened_by VARCHAR NOT NULL,
    reopened_at TIMESTAMP NOT NULL
);
CREATE INDEX case_reopenings_by_case ON case_reopenings (case_id);
