-- A party's personal space: one live link per party (employee, manager) per case,
-- stored like a scan link, only as the SHA-256 of its token. Reissuing revokes the
-- old row and adds a new one; opened_at is the first opening, last_opened_at the
-- latest browser session that opened it.
CREATE SEQUENCE space_link_ids START 1;
CREATE TABLE space_links (
    id INTEGER PRIMARY KEY DEFAULT nextval('space_link_ids'),
    case_id INTEGER NOT NULL,
    respondent VARCHAR NOT NULL,       -- employee, manager
    token_hash VARCHAR NOT NULL UNIQUE,
    language VARCHAR NOT NULL,
    created_by VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP,
    opened_at TIMESTAMP,
    last_opened_at TIMESTAMP
);
CREATE INDEX space_links_by_case ON space_links (case_id);

-- The version of the consent text (content/consents.yaml) the employee was shown.
-- NULL: recorded before the texts had versions.
ALTER TABLE consents ADD COLUMN text_version INTEGER;
