-- The facilitator's bilateral scan review (reset_core.scan_review): before the joint
-- dialogue, the facilitator goes over one party's own scan results with that party alone.
-- One row per moment and party, saved again when the review is corrected. What stood out,
-- what the party wants to bring and the themes they chose are the party's own (their
-- take-home summary holds them); the facilitator's private note never leaves the screen.
CREATE TABLE scan_reviews (
    case_id INTEGER NOT NULL,
    moment_id INTEGER NOT NULL,
    respondent VARCHAR NOT NULL,         -- employee, manager: whose scan was reviewed, with them alone
    held_on DATE NOT NULL,
    stood_out VARCHAR NOT NULL DEFAULT '',
    to_bring VARCHAR NOT NULL DEFAULT '',
    themes VARCHAR NOT NULL DEFAULT '',  -- scan theme ids the party wants to bring, comma-separated
    private_note VARCHAR NOT NULL DEFAULT '',
    recorded_by VARCHAR NOT NULL,
    recorded_at TIMESTAMP NOT NULL,
    PRIMARY KEY (case_id, moment_id, respondent)
);
