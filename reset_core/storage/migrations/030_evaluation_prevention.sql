-- The evaluation at the end of a trajectory and the prevention actions it gives.
-- Each party's own evaluation first (given in their space or recorded by the facilitator),
-- then the joint part; the prevention actions are records of their own, followed up by the
-- organisation (owner, due date, status) and reported to the prevention committee.
-- Every table carries case_id, so a case can be exported and erased whole.
CREATE TABLE own_evaluations (
    case_id INTEGER NOT NULL,
    respondent VARCHAR NOT NULL,       -- employee, manager
    went_well VARCHAR NOT NULL DEFAULT '',
    could_be_better VARCHAR NOT NULL DEFAULT '',
    prevention_idea VARCHAR NOT NULL DEFAULT '',
    recorded_by VARCHAR NOT NULL,      -- a facilitator's username, or '<party>-space'
    recorded_at TIMESTAMP NOT NULL,
    PRIMARY KEY (case_id, respondent)
);

CREATE TABLE joint_evaluations (
    case_id INTEGER PRIMARY KEY,
    started_by VARCHAR NOT NULL,       -- from here on both own evaluations may be shown together
    started_at TIMESTAMP NOT NULL,
    summary VARCHAR NOT NULL DEFAULT '',
    updated_by VARCHAR NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE SEQUENCE prevention_action_ids START 1;
CREATE TABLE prevention_actions (
    id INTEGER PRIMARY KEY DEFAULT nextval('prevention_action_ids'),
    case_id INTEGER NOT NULL,
    closing_id INTEGER,                -- the closing whose free-text action it was (before migration 030)
    description VARCHAR NOT NULL,
    owner VARCHAR NOT NULL DEFAULT '', -- a role or service (HR, the prevention adviser), never the employee
    due_on DATE,
    status VARCHAR NOT NULL,           -- open, in_progress, done
    level VARCHAR NOT NULL,            -- team, organisation, policy
    theme VARCHAR,                     -- the card-set theme it came from
    created_by VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_by VARCHAR NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX prevention_actions_by_case ON prevention_actions (case_id);

-- A closing's single free-text action becomes a record: nothing typed is lost, and the
-- organisation can follow it up like any other.
INSERT INTO prevention_actions (case_id, closing_id, description, owner, due_on, status, level, theme,
                                created_by, created_at, updated_by, updated_at)
SELECT case_id, id, prevention_action, '', NULL, 'open', 'organisation', prevention_theme,
       closed_by, closed_at, updated_by, updated_at
FROM closings WHERE trim(prevention_action) <> '' ORDER BY closed_at, id;
