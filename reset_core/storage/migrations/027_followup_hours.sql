-- The hours a week the parties say were worked at a follow-up, so that a build-up running
-- ahead of the agreed schedule shows as an early sign. Empty when nobody said.
ALTER TABLE followups ADD COLUMN hours_worked DOUBLE;
