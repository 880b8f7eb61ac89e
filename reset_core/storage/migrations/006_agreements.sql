-- The agreement: the re-integration plan, one row per version. A version is edited
-- while it is a draft; offering it fixes its text (the parties, the physician's
-- outcome and the goals are copied into it) and starts the employee's 14 days;
-- once signed or refused it never changes. Every table carries case_id, so a case
-- can be exported and erased whole.
CREATE SEQUENCE agreement_ids START 1;
CREATE TABLE agreements (
    id INTEGER PRIMARY KEY DEFAULT nextval('agreement_ids'),
    case_id INTEGER NOT NULL,
    number INTEGER NOT NULL,
    reason VARCHAR NOT NULL DEFAULT '',
    status VARCHAR NOT NULL,           -- draft, offered, signed, refused, superseded
    revision INTEGER NOT NULL DEFAULT 1,
    contract_hours DOUBLE,
    buddy VARCHAR NOT NULL DEFAULT '',
    coaching VARCHAR NOT NULL DEFAULT '',
    training VARCHAR NOT NULL DEFAULT '',
    colleagues_message VARCHAR NOT NULL DEFAULT '',
    colleagues_told_by VARCHAR NOT NULL DEFAULT '',
    contact VARCHAR NOT NULL DEFAULT '',
    valid_from DATE,
    valid_until DATE,
    chart_moment_id INTEGER,
    -- fixed when offered; NULL while a draft
    employee_name VARCHAR,
    employee_job_title VARCHAR,
    employee_department VARCHAR,
    manager_name VARCHAR,
    manager_job_title VARCHAR,
    manager_department VARCHAR,
    facilitator_name VARCHAR,
    assessment VARCHAR,
    assessment_date DATE,
    assessment_modalities VARCHAR,
    offered_on DATE,
    answer_by DATE,
    refused_at TIMESTAMP,
    refusal_reasons VARCHAR NOT NULL DEFAULT '',
    created_by VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_by VARCHAR NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (case_id, number)
);
CREATE INDEX agreements_by_case ON agreements (case_id);

CREATE TABLE agreement_adjustments (
    agreement_id INTEGER NOT NULL,
    case_id INTEGER NOT NULL,
    position INTEGER NOT NULL,
    area VARCHAR NOT NULL,
    aim VARCHAR NOT NULL,
    text VARCHAR NOT NULL,
    PRIMARY KEY (agreement_id, position)
);
CREATE INDEX agreement_adjustments_by_case ON agreement_adjustments (case_id);

CREATE TABLE agreement_periods (
    agreement_id INTEGER NOT NULL,
    case_id INTEGER NOT NULL,
    position INTEGER NOT NULL,
    start_date DATE NOT NULL,
    end_date DATE NOT NULL,
    hours_per_week DOUBLE,
    percent DOUBLE,
    days_per_week DOUBLE,
    tasks VARCHAR NOT NULL DEFAULT '',
    PRIMARY KEY (agreement_id, position)
);
CREATE INDEX agreement_periods_by_case ON agreement_periods (case_id);

CREATE TABLE agreement_follow_ups (
    agreement_id INTEGER NOT NULL,
    case_id INTEGER NOT NULL,
    position INTEGER NOT NULL,
    on_date DATE NOT NULL,
    PRIMARY KEY (agreement_id, position)
);
CREATE INDEX agreement_follow_ups_by_case ON agreement_follow_ups (case_id);

-- The goals as they stood when the version was offered: a signed plan never changes
-- when a goal is edited or dropped later.
CREATE TABLE agreement_goals (
    agreement_id INTEGER NOT NULL,
    case_id INTEGER NOT NULL,
    position INTEGER NOT NULL,
    goal_id INTEGER NOT NULL,
    theme VARCHAR NOT NULL,
    owner VARCHAR NOT NULL,
    description VARCHAR NOT NULL,
    indicator VARCHAR NOT NULL,
    target_moment VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (agreement_id, position)
);
CREATE INDEX agreement_goals_by_case ON agreement_goals (case_id);

-- Append-only: one confirmation per signer per version.
CREATE TABLE agreement_signatures (
    agreement_id INTEGER NOT NULL,
    case_id INTEGER NOT NULL,
    signer VARCHAR NOT NULL,           -- employee, manager, facilitator
    name VARCHAR NOT NULL,
    signed_at TIMESTAMP NOT NULL,
    recorded_by VARCHAR NOT NULL,
    PRIMARY KEY (agreement_id, signer)
);
CREATE INDEX agreement_signatures_by_case ON agreement_signatures (case_id);
