-- Measurable goals: a goal may narrow its theme to some statements, carries a target on
-- the scan's 1-5 scale and the baseline taken when it was set (the moment, its instrument
-- version, and each party's score then). A goal set before stays with these empty. The
-- plan's copy of its goals carries the same, so that a signed plan keeps its numbers.
ALTER TABLE goals ADD COLUMN items VARCHAR DEFAULT '';
ALTER TABLE goals ADD COLUMN target_score DOUBLE;
ALTER TABLE goals ADD COLUMN baseline_moment_id INTEGER;
ALTER TABLE goals ADD COLUMN baseline_moment VARCHAR;
ALTER TABLE goals ADD COLUMN baseline_version INTEGER;
ALTER TABLE goals ADD COLUMN baseline_employee DOUBLE;
ALTER TABLE goals ADD COLUMN baseline_manager DOUBLE;
ALTER TABLE agreement_goals ADD COLUMN items VARCHAR DEFAULT '';
ALTER TABLE agreement_goals ADD COLUMN target_score DOUBLE;
ALTER TABLE agreement_goals ADD COLUMN baseline_moment_id INTEGER;
ALTER TABLE agreement_goals ADD COLUMN baseline_moment VARCHAR;
ALTER TABLE agreement_goals ADD COLUMN baseline_version INTEGER;
ALTER TABLE agreement_goals ADD COLUMN baseline_employee DOUBLE;
ALTER TABLE agreement_goals ADD COLUMN baseline_manager DOUBLE;
