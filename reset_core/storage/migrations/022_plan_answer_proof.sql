-- The answer to a Codex plan and its proof (issue 16). The employee's 14 calendar days
-- start the day after they RECEIVED the plan, not the day it was offered; after a silence
-- the employer contacts them again, and a second silence counts as a refusal.
ALTER TABLE agreements ADD COLUMN received_on DATE;          -- the employee received the offered plan
ALTER TABLE agreements ADD COLUMN reminded_on DATE;          -- the employer's contact after the silence
ALTER TABLE agreements ADD COLUMN reminder_how VARCHAR;      -- how that contact went (hand, registered mail, ...)
ALTER TABLE agreements ADD COLUMN reminder_answer_by DATE;   -- the date given at that contact
-- The legal track as it was when the version was offered: changing the case's track
-- later does not rewrite what was handed over.
ALTER TABLE agreements ADD COLUMN legal_track VARCHAR;
ALTER TABLE agreements ADD COLUMN legal_region VARCHAR;
ALTER TABLE agreements ADD COLUMN legal_appeal_end DATE;
ALTER TABLE agreements ADD COLUMN legal_growth_reason VARCHAR;
ALTER TABLE agreements ADD COLUMN legal_signatory_name VARCHAR;
ALTER TABLE agreements ADD COLUMN legal_signatory_function VARCHAR;
-- Versions offered before this migration: the case's track as it stands is the best
-- account of what was offered.
UPDATE agreements SET legal_track = t.track, legal_region = t.region, legal_appeal_end = t.appeal_end,
    legal_growth_reason = t.growth_reason, legal_signatory_name = t.signatory_name,
    legal_signatory_function = t.signatory_function
FROM legal_tracks t WHERE t.case_id = agreements.case_id AND agreements.status <> 'draft';

-- Each copy of an offered plan delivered: to whom, when, how. A record, not a sentence.
CREATE SEQUENCE agreement_delivery_ids START 1;
CREATE TABLE agreement_deliveries (
    id INTEGER PRIMARY KEY DEFAULT nextval('agreement_delivery_ids'),
    agreement_id INTEGER NOT NULL,
    case_id INTEGER NOT NULL,
    recipient VARCHAR NOT NULL,        -- employee, occupational_physician, other
    recipient_name VARCHAR DEFAULT '', -- who, for "other"
    delivered_on DATE NOT NULL,
    how VARCHAR NOT NULL,              -- hand, registered_mail, email, app
    recorded_by VARCHAR NOT NULL,
    recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX agreement_deliveries_by_case ON agreement_deliveries (case_id);

-- A signed or refused Codex plan kept for the inspectorate after its case was erased
-- (GDPR art. 17(3)(b)): the case NUMBER (no case_id column, so the erasure of the case
-- leaves it), the plan as PDF and its dates, until keep_until.
CREATE SEQUENCE kept_plan_ids START 1;
CREATE TABLE kept_plans (
    id INTEGER PRIMARY KEY DEFAULT nextval('kept_plan_ids'),
    case_number INTEGER NOT NULL,
    version_number INTEGER NOT NULL,
    status VARCHAR NOT NULL,           -- signed, refused
    offered_on DATE,
    received_on DATE,
    answered_on DATE,                  -- signed or refused on
    deliveries VARCHAR DEFAULT '',     -- one line per copy: recipient, date, how
    language VARCHAR NOT NULL,
    pdf BLOB NOT NULL,
    kept_on DATE NOT NULL,             -- the day the case was erased
    keep_until DATE NOT NULL
);
