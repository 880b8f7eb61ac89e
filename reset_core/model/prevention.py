"""The evaluation at the end of a trajectory and the prevention actions it gives."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from .scan import Respondent


class ActionStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"


class ActionLevel(StrEnum):
    """Where the action works: the prevention policy's three levels above the person."""

    TEAM = "team"
    ORGANISATION = "organisation"
    POLICY = "policy"


@dataclass(frozen=True)
class OwnEvaluation:
    """One party's own look back, before the joint part: theirs alone until then."""

    case_id: int
    respondent: Respondent
    went_well: str
    could_be_better: str
    prevention_idea: str
    recorded_by: str  # a facilitator's username, or "<party>-space" when the party gave it
    recorded_at: datetime


@dataclass(frozen=True)
class JointEvaluation:
    case_id: int
    started_by: str
    started_at: datetime
    summary: str
    updated_at: datetime


@dataclass(frozen=True)
class PreventionAction:
    """What the organisation will do so that it happens less to others: no names of the
    employee or the manager, an owner that is a role or a service."""

    id: int
    case_id: int
    description: str
    owner: str
    due_on: date | None
    status: ActionStatus
    level: ActionLevel
    theme: str | None
    created_at: datetime
    updated_at: datetime
    closing_id: int | None = None  # came from a closing's single free-text action
