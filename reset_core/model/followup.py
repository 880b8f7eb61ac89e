"""Follow-up after the return: scheduled moments, talks, goal reviews, early signs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class GoalStatus(StrEnum):
    NOT_STARTED = "not_started"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    REACHED = "reached"
    DROPPED = "dropped"


class Participants(StrEnum):
    EMPLOYEE = "employee"
    MANAGER = "manager"
    JOINT = "joint"


class Decision(StrEnum):
    CONTINUE = "continue"
    ADJUST = "adjust"  # opens a new version of the agreement
    CLOSE = "close"


@dataclass(frozen=True)
class ScheduledMoment:
    kind: str  # m3, m6, m9 or extraN
    due_on: date


@dataclass(frozen=True)
class GoalReview:
    goal_id: int
    status: GoalStatus
    remark: str = ""


@dataclass(frozen=True)
class FollowUp:
    id: int
    case_id: int
    kind: str
    held_on: date
    participants: Participants
    continuum: str | None
    works: str
    not_working: str
    decision: Decision
    reviews: tuple[GoalReview, ...]
    hours_worked: float | None = None  # a week's hours as the parties tell them, to hold against the agreed step


@dataclass(frozen=True)
class DueItem:
    """A follow-up conversation or re-scan that is due soon or overdue."""

    case_id: int
    employee: str
    kind: str
    what: str  # "followup" or "rescan"
    due_on: date
    days_late: int  # negative: days left


@dataclass(frozen=True)
class Signal:
    """An early sign that the return is slipping: a transparent rule, never a prediction."""

    case_id: int
    key: str  # stable identity, e.g. "drop:recovery_energy:m3"
    rule: str  # message key of the rule
    params: dict
    note: str = ""  # what the facilitator did about it
