"""The training room: cohorts of trainee accounts on a demo database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Copies(StrEnum):
    """Where a trainee's copies of the fictitious cases stand."""

    PENDING = "pending"  # to be made: a new trainee, or one just reset
    BUILDING = "building"  # claimed by the run that makes them
    READY = "ready"


@dataclass(frozen=True)
class Trainee:
    username: str
    name: str
    cohort_id: int
    seat: int
    copies: Copies
    copies_at: datetime | None
    cases: int  # how many cases the trainee holds now


@dataclass(frozen=True)
class Cohort:
    id: int
    name: str
    made_by: str
    made_at: datetime
    trainees: tuple[Trainee, ...]
