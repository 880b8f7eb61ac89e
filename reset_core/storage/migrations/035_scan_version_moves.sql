-- A case keeps the scan version it started with (its first moment's); the facilitator can
-- move it on to a newer version, with a reason (reset_core.scan.move_to_version). Each move
-- is kept: the case's version is the latest move's, else its first moment's.
CREATE SEQUENCE scan_version_move_ids START 1;
CREATE TABLE scan_version_moves (
    id INTEGER PRIMARY KEY DEFAULT nextval('scan_version_move_ids'),
    case_id INTEGER NOT NULL,
    from_version INTEGER NOT NULL,
    to_version INTEGER NOT NULL,
    reason VARCHAR NOT NULL,
    moved_by VARCHAR NOT NULL,
    moved_at TIMESTAMP NOT NULL
);
