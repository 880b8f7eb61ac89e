"""The joint dialogue: the goals agreed together and the topics discussed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from .scan import MomentKind


class GoalOwner(StrEnum):
    EMPLOYEE = "employee"
    MANAGER = "manager"
    TEAM = "team"
    ORGANISATION = "organisation"


@dataclass(frozen=True)
class Goal:
    """A goal agreed in the joint dialogue, tied to a scan theme, reviewed at follow-up."""

    id: int
    case_id: int
    theme: str
    owner: GoalOwner
    description: str
    indicator: str  # how progress will be seen
    target: MomentKind
    created_at: datetime


@dataclass(frozen=True)
class DialogueTopic:
    theme: str
    discussed: bool
    note: str  # agreed on the spot, with both parties present: shared by nature
    note_version: int = 0  # of the note: raised by every save; a screen saves against it
    updated_at: datetime | None = None


