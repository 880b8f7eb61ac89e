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
class GoalScore:
    """The parties' score on a goal's theme (or its chosen statements) at one scan moment
    both released: the baseline, taken when the goal was set and kept as it was, or where
    the goal stands now, at the latest re-scan."""

    moment_id: int
    moment: MomentKind
    instrument_version: int  # a score compares only within its version
    employee: float | None  # None: not enough answers
    manager: float | None


@dataclass(frozen=True)
class Goal:
    """A goal agreed in the joint dialogue, tied to a scan theme, reviewed at follow-up.

    Measurable since migration 029: optionally narrowed to some of the theme's statements
    (`items`), with a target on the scan's 1-5 scale and the baseline taken when it was set.
    A goal set before has neither: it stays readable as it was."""

    id: int
    case_id: int
    theme: str
    owner: GoalOwner
    description: str
    indicator: str  # how progress will be seen
    target: MomentKind
    created_at: datetime
    items: tuple[str, ...] = ()  # item ids within the theme; empty: the whole theme
    target_score: float | None = None  # on the scan's 1-5 scale, higher more favourable
    baseline: GoalScore | None = None  # None: set before 029, or without a released scan


@dataclass(frozen=True)
class DialogueTopic:
    theme: str
    discussed: bool
    note: str  # agreed on the spot, with both parties present: shared by nature
    note_version: int = 0  # of the note: raised by every save; a screen saves against it
    updated_at: datetime | None = None


