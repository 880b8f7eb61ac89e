-- When a case entered each phase: the timeline on the follow-up page shows it, and
-- the learning view can measure how long phases take without reading the audit log.
CREATE TABLE phase_changes (
    case_id INTEGER NOT NULL,
    phase VARCHAR NOT NULL,
    changed_at TIMESTAMP NOT NULL
);
