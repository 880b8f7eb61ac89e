"""Card conversations: the cards drawn with their private notes, insights and their
sharing ledger."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum


class ConversationParty(StrEnum):
    """Who the facilitator talks with in a bilateral conversation; owner of its insights."""

    EMPLOYEE = "employee"
    MANAGER = "manager"
    OTHER = "other"  # e.g. HR or a colleague; named in Conversation.with_whom


class Audience(StrEnum):
    """Who looks at a screen or document meant for more than the facilitator."""

    EMPLOYEE = "employee"
    MANAGER = "manager"
    JOINT = "joint"  # the shared screen of the joint dialogue, the agreement


class AdjustmentKind(StrEnum):
    TASK = "task"
    RELATIONAL = "relational"
    COGNITIVE = "cognitive"
    SCHEDULE = "schedule"
    WORKPLACE = "workplace"
    TRAINING = "training"


@dataclass(frozen=True)
class CardNote:
    """A card used in a conversation, in order, with the facilitator's private note."""

    conversation_id: int
    card_id: str
    position: int
    note: str
    updated_at: datetime
    version: int = 0  # of the note: raised by every save; a screen saves against it
    saved_at: datetime | None = None  # when the note was last saved; None: never


@dataclass(frozen=True)
class SharingEntry:
    """One entry of an insight's append-only sharing ledger: shared or withdrawn."""

    id: int
    insight_id: int
    shared: bool
    agreed_by: ConversationParty  # the party whose consent this records
    on_date: date
    note: str
    recorded_by: str
    recorded_at: datetime


@dataclass(frozen=True)
class Insight:
    """What came up in a conversation, owned by the party of that conversation.
    Private until its owner consents to share it; see conversations.visible_insights."""

    id: int
    conversation_id: int
    owner: ConversationParty
    text: str
    card_id: str | None
    theme_id: str | None
    created_at: datetime
    sharing: tuple[SharingEntry, ...] = ()  # its ledger, oldest first
    version: int = 0  # of its wording: raised by every change; a screen saves against it


@dataclass(frozen=True)
class SharedInsight:
    """An insight as another party or the joint screen may see it: nothing more."""

    insight_id: int
    text: str
    owner: ConversationParty
    card_id: str | None
    theme_id: str | None
    shared_on: date


@dataclass(frozen=True)
class Adjustment:
    id: int
    conversation_id: int
    kind: AdjustmentKind
    text: str


@dataclass(frozen=True)
class ProvisionalGoal:
    id: int
    conversation_id: int
    text: str
    theme_id: str | None = None


@dataclass(frozen=True)
class Conversation:
    """One bilateral card conversation; everything in it is private to the facilitator
    except the insights whose owner agreed to share them."""

    id: int
    case_id: int
    party: ConversationParty
    phase: str  # a phase of the card set (reset_core.cards.PHASES)
    on_date: date
    with_whom: str
    created_by: str
    created_at: datetime
    updated_at: datetime
    cards: tuple[CardNote, ...] = ()
    insights: tuple[Insight, ...] = ()
    adjustments: tuple[Adjustment, ...] = ()
    goals: tuple[ProvisionalGoal, ...] = ()
    version: int = 0  # of its date, phase and other person: raised by every correction

    @property
    def card_ids(self) -> tuple[str, ...]:
        return tuple(c.card_id for c in self.cards)


# The command line acts with the rights of whoever holds the data folder and its key.
