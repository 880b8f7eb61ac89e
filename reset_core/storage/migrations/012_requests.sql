-- One row per submission that made or saved something, under the token of the form
-- it came from: a repeat of the same token (a double click, a rerun) finds what the
-- first one made instead of making it again. No content, only what was made.
CREATE TABLE requests (
    token VARCHAR NOT NULL,
    action VARCHAR NOT NULL,
    actor VARCHAR NOT NULL,
    case_id INTEGER,
    made_id BIGINT,
    done_at TIMESTAMP NOT NULL,
    PRIMARY KEY (actor, token)
);

-- Why a new T0 was started when a submitted one exists (case content, not audit detail).
ALTER TABLE scan_moments ADD COLUMN reason VARCHAR DEFAULT '';
