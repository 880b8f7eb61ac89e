-- Follow-up after the return: the schedule, the follow-up conversations with their
-- goal reviews, and what the facilitator did about an early sign.
CREATE TABLE followup_schedule (
    case_id INTEGER NOT NULL,
    kind VARCHAR NOT NULL,             -- m3, m6, m9, extra1, extra2, ...
    due_on DATE NOT NULL,
    updated_by VARCHAR NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (case_id, kind)
);

CREATE SEQUENCE followup_ids START 1;
CREATE TABLE followups (
    id INTEGER PRIMARY KEY DEFAULT nextval('followup_ids'),
    case_id INTEGER NOT NULL,
    kind VARCHAR NOT NULL,             -- the scheduled moment it belongs to
    held_on DATE NOT NULL,
    participants VARCHAR NOT NULL,     -- employee, manager, joint
    continuum VARCHAR,
    works VARCHAR NOT NULL DEFAULT '',
    not_working VARCHAR NOT NULL DEFAULT '',
    decision VARCHAR NOT NULL,         -- continue, adjust, close
    created_by VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX followups_by_case ON followups (case_id);

CREATE TABLE goal_reviews (
    followup_id INTEGER NOT NULL,
    goal_id INTEGER NOT NULL,
    status VARCHAR NOT NULL,           -- not_started, on_track, at_risk, reached, dropped
    remark VARCHAR NOT NULL DEFAULT '',
    PRIMARY KEY (followup_id, goal_id)
);

CREATE TABLE signal_notes (
    case_id INTEGER NOT NULL,
    signal VARCHAR NOT NULL,           -- the rule and what it fired on, e.g. drop:recovery_energy:m3
    note VARCHAR NOT NULL,
    noted_by VARCHAR NOT NULL,
    noted_at TIMESTAMP NOT NULL,
    PRIMARY KEY (case_id, signal)
);
