"""Closing a case, its lessons, and the figures the learning view is made of."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from .cases import Phase


class ClosingOutcome(StrEnum):
    """Where the trajectory ended."""

    OWN_JOB = "own_job"
    ADAPTED_JOB = "adapted_job"
    OTHER_JOB = "other_job"  # other work at the same employer
    LEFT_EMPLOYER = "left_employer"
    RELAPSE = "relapse"  # back on sick leave
    OTHER = "other"


class AtWorkNineMonths(StrEnum):
    """Is the employee still at work about 9 months after the return?"""

    YES = "yes"
    NO = "no"
    NOT_KNOWN = "not_known"  # not known yet


class LessonKind(StrEnum):
    WENT_WELL = "went_well"
    COULD_BE_BETTER = "could_be_better"


class LessonLevel(StrEnum):
    EMPLOYEE = "employee"
    MANAGER = "manager"
    TEAM = "team"
    ORGANISATION = "organisation"


@dataclass(frozen=True)
class Lesson:
    """A lesson learned, at one level, about one theme of the card set. Shown in the
    organisation's learning view without any case reference: written without names."""

    kind: LessonKind
    level: LessonLevel
    theme: str
    text: str
    id: int = 0


@dataclass(frozen=True)
class Closing:
    """How a case ended and what it taught. `active` is False once the case was reopened."""

    id: int
    case_id: int
    closed_on: date
    outcome: ClosingOutcome
    at_work_9m: AtWorkNineMonths
    prevention_action: str
    prevention_theme: str | None
    active: bool
    closed_by: str
    closed_at: datetime
    updated_at: datetime
    lessons: tuple[Lesson, ...] = ()


@dataclass(frozen=True)
class Reopening:
    case_id: int
    reason: str
    reopened_by: str
    reopened_at: datetime


@dataclass(frozen=True)
class CaseFigures:
    """What the learning view reads of a case: no names, no contents."""

    case_id: int
    phase: Phase
    sick_leave_start: date | None
    actual_return: date | None
    expected_return: date | None = None  # with the next one: what moves the phase on a read (phases.settled)
    corrected_over: Phase | None = None


@dataclass(frozen=True)
class JointAnswers:
    """A case's first scan moment that both parties submitted: the answers of each."""

    case_id: int
    instrument_version: int
    employee: dict[str, int | None]
    manager: dict[str, int | None]


