-- The joint dialogue presented as a sequence of sections: one open presentation per case
-- at a time, with the section the facilitator is on (a reload and every second screen
-- read it here). ended_at: the facilitator ended it; its display links stop with it.
CREATE SEQUENCE presentation_ids START 1;
CREATE TABLE presentations (
    id INTEGER PRIMARY KEY DEFAULT nextval('presentation_ids'),
    case_id INTEGER NOT NULL,
    section VARCHAR NOT NULL,          -- overview, theme:<theme id>, insights, goals
    started_by VARCHAR NOT NULL,
    started_at TIMESTAMP NOT NULL,
    moved_at TIMESTAMP NOT NULL,
    ended_at TIMESTAMP
);
CREATE INDEX presentations_by_case ON presentations (case_id);

-- A view-only display link to a presentation (a TV, a remote participant), stored like a
-- scan link: only the SHA-256 of its token, an expiry of a few hours, revocable; a new
-- one revokes the one before.
CREATE SEQUENCE display_link_ids START 1;
CREATE TABLE display_links (
    id INTEGER PRIMARY KEY DEFAULT nextval('display_link_ids'),
    presentation_id INTEGER NOT NULL,
    case_id INTEGER NOT NULL,
    token_hash VARCHAR NOT NULL UNIQUE,
    language VARCHAR NOT NULL,
    created_by VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP,
    opened_at TIMESTAMP,
    last_opened_at TIMESTAMP
);
CREATE INDEX display_links_by_case ON display_links (case_id);
