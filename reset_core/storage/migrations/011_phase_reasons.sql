-- Phases follow from facts (reset_core.phases); a facilitator may correct a phase with
-- a reason. The history keeps how each change came about ('facts', 'correction',
-- 'closing', 'reopening'), who made a correction and why. The case keeps the phase the
-- facts gave when it was corrected: the correction holds until the facts say otherwise.
ALTER TABLE phase_changes ADD COLUMN kind VARCHAR DEFAULT 'facts';
ALTER TABLE phase_changes ADD COLUMN changed_by VARCHAR;
ALTER TABLE phase_changes ADD COLUMN reason VARCHAR DEFAULT '';
-- Before this migration a phase was set by hand or by closing.
UPDATE phase_changes SET kind = CASE WHEN phase = 'closed' THEN 'closing' ELSE 'correction' END;
ALTER TABLE cases ADD COLUMN corrected_over VARCHAR;
