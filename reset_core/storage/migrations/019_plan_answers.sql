-- The parties answer the offered plan themselves (issue 15). A forwarded link is not
-- enough: an answer through a party's space counts only with the short code the
-- facilitator handed over apart, one per party per version, stored only as a salted
-- hash, locked after a few wrong tries. Without links the facilitator records the
-- party's paper signature (the paper's date, who recorded it).
CREATE TABLE agreement_codes (
    agreement_id INTEGER NOT NULL,
    case_id INTEGER NOT NULL,
    signer VARCHAR NOT NULL,           -- employee, manager
    code_hash VARCHAR NOT NULL,        -- salt$pbkdf2-sha256, never the code
    made_by VARCHAR NOT NULL,
    made_at TIMESTAMP NOT NULL,
    wrong_tries INTEGER NOT NULL DEFAULT 0,
    used_at TIMESTAMP,
    PRIMARY KEY (agreement_id, signer)
);
CREATE INDEX agreement_codes_by_case ON agreement_codes (case_id);

ALTER TABLE agreement_signatures ADD COLUMN route VARCHAR DEFAULT 'own';
ALTER TABLE agreement_signatures ADD COLUMN paper_date DATE;
ALTER TABLE agreement_signatures ADD COLUMN link VARCHAR;
-- Before this migration the facilitator ticked the parties' confirmations on their behalf.
UPDATE agreement_signatures SET route = CASE WHEN signer = 'facilitator' THEN 'own' ELSE 'ticked' END;

-- The employee's own view on the plan, and how a refusal reached the file.
ALTER TABLE agreements ADD COLUMN employee_view VARCHAR DEFAULT '';
ALTER TABLE agreements ADD COLUMN employee_view_at TIMESTAMP;
ALTER TABLE agreements ADD COLUMN refused_name VARCHAR;
ALTER TABLE agreements ADD COLUMN refused_route VARCHAR;
ALTER TABLE agreements ADD COLUMN refused_by VARCHAR;
ALTER TABLE agreements ADD COLUMN refused_paper_date DATE;
ALTER TABLE agreements ADD COLUMN refused_link VARCHAR;
UPDATE agreements SET refused_route = 'ticked', refused_by = updated_by WHERE refused_at IS NOT NULL;
