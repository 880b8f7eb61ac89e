-- The joint dialogue: per theme whether it was discussed and what was agreed on the
-- spot (shared by nature: both parties were there), and the goals set together.
CREATE TABLE dialogue_topics (
    case_id INTEGER NOT NULL,
    theme VARCHAR NOT NULL,
    discussed BOOLEAN NOT NULL DEFAULT FALSE,
    note VARCHAR NOT NULL DEFAULT '',
    updated_by VARCHAR NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (case_id, theme)
);

CREATE SEQUENCE goal_ids START 1;
CREATE TABLE goals (
    id INTEGER PRIMARY KEY DEFAULT nextval('goal_ids'),
    case_id INTEGER NOT NULL,
    theme VARCHAR NOT NULL,
    owner VARCHAR NOT NULL,            -- employee, manager, team, organisation
    description VARCHAR NOT NULL,
    indicator VARCHAR NOT NULL,        -- how progress will be seen
    target_moment VARCHAR NOT NULL,    -- a scan moment kind: m3, m6, m9, ...
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_by VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX goals_by_case ON goals (case_id);
