-- The organisation's name and logo (issue 18), set by the administrator and printed in the
-- header of every document. One row at most; `version` guards against two admins saving
-- over each other unseen.
CREATE TABLE organisation (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    name VARCHAR NOT NULL DEFAULT '',
    logo BLOB,
    logo_type VARCHAR DEFAULT '',       -- png, jpeg
    updated_by VARCHAR NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
