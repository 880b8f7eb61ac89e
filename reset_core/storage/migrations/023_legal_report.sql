-- Around the legal plan (issue 16): the employer's motivated report when no plan is
-- possible after decision A or B; the progressive-return notices the employee filed with
-- the advising physician, one per schedule step that changes hours or days; whether the
-- employee holds a safety function (the medical check before resuming after 4 weeks).
CREATE TABLE legal_reports (
    case_id INTEGER PRIMARY KEY,
    ground VARCHAR NOT NULL,            -- technical, objective, unreasonable
    reasons VARCHAR NOT NULL,
    made_on DATE NOT NULL,
    recorded_by VARCHAR NOT NULL,
    recorded_at TIMESTAMP NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE progressive_notices (
    case_id INTEGER NOT NULL,
    step_start DATE NOT NULL,           -- the schedule step the notice announces
    filed_on DATE NOT NULL,
    recorded_by VARCHAR NOT NULL,
    recorded_at TIMESTAMP NOT NULL,
    PRIMARY KEY (case_id, step_start)
);
CREATE TABLE safety_functions (
    case_id INTEGER PRIMARY KEY,
    holds BOOLEAN NOT NULL,
    recorded_by VARCHAR NOT NULL,
    recorded_at TIMESTAMP NOT NULL
);
