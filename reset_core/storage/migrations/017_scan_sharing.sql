-- A party's say over their own scan results: released for the joint dialogue or not,
-- and the themes they want to talk about. Ledgers: a row per decision, never updated;
-- the latest row per moment and respondent (and theme) decides. `via` is 'link' (the
-- party on their own scan link) or 'facilitator' (given by word of mouth, recorded by
-- the facilitator, with how it was asked).
CREATE SEQUENCE scan_release_ids START 1;
CREATE TABLE scan_releases (
    id INTEGER PRIMARY KEY DEFAULT nextval('scan_release_ids'),
    case_id INTEGER NOT NULL,
    moment_id INTEGER NOT NULL,
    respondent VARCHAR NOT NULL,       -- employee, manager
    released BOOLEAN NOT NULL,
    recorded_at TIMESTAMP NOT NULL,
    via VARCHAR NOT NULL,              -- link, facilitator
    recorded_by VARCHAR NOT NULL,      -- employee-link, manager-link, or the facilitator's login
    how_asked VARCHAR NOT NULL DEFAULT ''
);
CREATE INDEX scan_releases_by_case ON scan_releases (case_id);

CREATE SEQUENCE scan_flag_ids START 1;
CREATE TABLE scan_flags (
    id INTEGER PRIMARY KEY DEFAULT nextval('scan_flag_ids'),
    case_id INTEGER NOT NULL,
    moment_id INTEGER NOT NULL,
    respondent VARCHAR NOT NULL,
    theme VARCHAR NOT NULL,
    flagged BOOLEAN NOT NULL,
    recorded_at TIMESTAMP NOT NULL,
    via VARCHAR NOT NULL,
    recorded_by VARCHAR NOT NULL,
    how_asked VARCHAR NOT NULL DEFAULT ''
);
CREATE INDEX scan_flags_by_case ON scan_flags (case_id);
