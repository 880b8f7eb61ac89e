-- Optimistic concurrency for text that a screen edits in place: each row carries the
-- version of its text, raised by every save. A screen saves against the version it was
-- drawn from; reset_core refuses a save from an older version (a stale screen) instead
-- of writing over what was stored since. A card's note also keeps when it was last
-- saved, which the screen shows ("Opgeslagen om 14:32"); NULL: never saved.
ALTER TABLE conversation_cards ADD COLUMN version INTEGER DEFAULT 0;
ALTER TABLE conversation_cards ADD COLUMN note_saved_at TIMESTAMP;
ALTER TABLE conversations ADD COLUMN version INTEGER DEFAULT 0;
ALTER TABLE insights ADD COLUMN version INTEGER DEFAULT 0;
ALTER TABLE dialogue_topics ADD COLUMN note_version INTEGER DEFAULT 0;
