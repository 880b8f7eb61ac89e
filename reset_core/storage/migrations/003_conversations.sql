-- Bilateral card conversations: the cards used with their private notes, the
-- insights with their append-only sharing ledger, adjustments and provisional goals.
-- Every table carries case_id, so a case can be exported and erased whole.
CREATE SEQUENCE conversation_ids START 1;
CREATE TABLE conversations (
    id INTEGER PRIMARY KEY DEFAULT nextval('conversation_ids'),
    case_id INTEGER NOT NULL,
    party VARCHAR NOT NULL,            -- 'employee', 'manager' or 'other'
    with_whom VARCHAR NOT NULL DEFAULT '',
    phase VARCHAR NOT NULL,            -- a phase of the card set
    on_date DATE NOT NULL,
    created_by VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX conversations_by_case ON conversations (case_id);

-- The cards used, in order, with the facilitator's note: private, never shared.
CREATE TABLE conversation_cards (
    case_id INTEGER NOT NULL,
    conversation_id INTEGER NOT NULL,
    card_id VARCHAR NOT NULL,
    position INTEGER NOT NULL,
    note VARCHAR NOT NULL DEFAULT '',
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (conversation_id, card_id)
);
CREATE INDEX conversation_cards_by_case ON conversation_cards (case_id);

-- The owner of an insight is the party of its conversation.
CREATE SEQUENCE insight_ids START 1;
CREATE TABLE insights (
    id INTEGER PRIMARY KEY DEFAULT nextval('insight_ids'),
    case_id INTEGER NOT NULL,
    conversation_id INTEGER NOT NULL,
    text VARCHAR NOT NULL,
    card_id VARCHAR,
    theme_id VARCHAR,
    created_by VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX insights_by_case ON insights (case_id);

-- Append-only, like the consent ledger: an insight is shared while its latest
-- entry shares it with its owner's consent; nothing is ever updated.
CREATE SEQUENCE insight_sharing_ids START 1;
CREATE TABLE insight_sharing (
    id INTEGER PRIMARY KEY DEFAULT nextval('insight_sharing_ids'),
    case_id INTEGER NOT NULL,
    insight_id INTEGER NOT NULL,
    shared BOOLEAN NOT NULL,           -- true: shared, false: withdrawn
    agreed_by VARCHAR NOT NULL,        -- the owner party whose consent this is
    on_date DATE NOT NULL,
    note VARCHAR NOT NULL DEFAULT '',
    recorded_by VARCHAR NOT NULL,
    recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX insight_sharing_by_case ON insight_sharing (case_id);

CREATE SEQUENCE adjustment_ids START 1;
CREATE TABLE conversation_adjustments (
    id INTEGER PRIMARY KEY DEFAULT nextval('adjustment_ids'),
    case_id INTEGER NOT NULL,
    conversation_id INTEGER NOT NULL,
    kind VARCHAR NOT NULL,
    text VARCHAR NOT NULL,
    created_by VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX conversation_adjustments_by_case ON conversation_adjustments (case_id);

CREATE SEQUENCE provisional_goal_ids START 1;
CREATE TABLE provisional_goals (
    id INTEGER PRIMARY KEY DEFAULT nextval('provisional_goal_ids'),
    case_id INTEGER NOT NULL,
    conversation_id INTEGER NOT NULL,
    text VARCHAR NOT NULL,
    theme_id VARCHAR,
    created_by VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX provisional_goals_by_case ON provisional_goals (case_id);
