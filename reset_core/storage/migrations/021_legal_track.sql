-- The case's legal track (issue 16): a formal re-integration trajectory (Codex welzijn op
-- het werk, boek I, titel 4, hoofdstuk VI) or a voluntary return outside it. Who started
-- the trajectory and the assessment (A/B/C, date, modalities) stay on the case (intake);
-- this row adds what the document's title, its clauses and its deadlines need.
CREATE TABLE legal_tracks (
    case_id INTEGER PRIMARY KEY,
    track VARCHAR NOT NULL,             -- formal, voluntary
    region VARCHAR,                     -- flanders, wallonia, brussels, german
    appeal_end DATE,                    -- decision B: last day of the appeal period
    growth_reason VARCHAR DEFAULT '',   -- why the plan holds no growth, when it holds none
    signatory_name VARCHAR DEFAULT '',  -- the employer's authorised representative
    signatory_function VARCHAR DEFAULT '',
    recorded_by VARCHAR NOT NULL,
    recorded_at TIMESTAMP NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
