-- The short check-ins of the first weeks back (reset_core.checkins): the rhythm the
-- facilitator set per case, and each party's answers, one per check-in and party.
CREATE TABLE checkin_rhythms (
    case_id INTEGER PRIMARY KEY,
    enabled BOOLEAN NOT NULL,
    weekly_weeks INTEGER NOT NULL,     -- weekly for this many weeks (4 to 6), then every fortnight
    updated_by VARCHAR NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
-- A case already back at work when the check-ins arrived starts with them off: its past
-- check-ins were never asked, and would all read as missed. The facilitator can switch them on.
INSERT INTO checkin_rhythms
SELECT id, false, 4, 'migration 031', now()::TIMESTAMP FROM cases
WHERE coalesce(actual_return, expected_return) < current_date;

CREATE SEQUENCE checkin_answer_ids START 1;
CREATE TABLE checkin_answers (
    id INTEGER PRIMARY KEY DEFAULT nextval('checkin_answer_ids'),
    case_id INTEGER NOT NULL,
    due_on DATE NOT NULL,              -- the check-in it answers, by its (working) day
    respondent VARCHAR NOT NULL,       -- employee, manager: whose answer; the other party never reads it
    week_rating INTEGER,               -- how the week went, 1 to 5
    hours_worked DOUBLE,
    helped VARCHAR NOT NULL DEFAULT '',
    hindered VARCHAR NOT NULL DEFAULT '',
    to_discuss VARCHAR NOT NULL DEFAULT '',
    answered_by VARCHAR NOT NULL,      -- employee-space, manager-space, or the facilitator who recorded it
    answered_at TIMESTAMP NOT NULL,
    UNIQUE (case_id, due_on, respondent)
);
CREATE INDEX checkin_answers_by_case ON checkin_answers (case_id);
