"""The domain's nouns: plain frozen dataclasses and enums, no storage, no UI."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    FACILITATOR = "facilitator"


class Phase(StrEnum):
    """Where a case stands in the ReSet journey, in order."""

    INTAKE = "intake"
    PREPARATION = "preparation"
    JOINT_DIALOGUE = "joint_dialogue"
    RETURN = "return"
    FOLLOW_UP = "follow_up"
    CLOSED = "closed"


class PartyRole(StrEnum):
    EMPLOYEE = "employee"
    MANAGER = "manager"


@dataclass(frozen=True)
class User:
    username: str
    name: str
    role: Role
    active: bool = True

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN


@dataclass(frozen=True)
class Account(User):
    """A user as the accounts screen shows it: with login state."""

    created_at: datetime | None = None
    locked_until: datetime | None = None


@dataclass(frozen=True)
class Party:
    role: PartyRole
    name: str
    job_title: str = ""
    department: str = ""


@dataclass(frozen=True)
class Case:
    id: int
    facilitator: str
    phase: Phase
    employee: Party
    manager: Party
    sick_leave_start: date | None
    created_at: datetime
    updated_at: datetime

    def days_since_sick_leave(self, today: date) -> int | None:
        if self.sick_leave_start is None:
            return None
        return (today - self.sick_leave_start).days


@dataclass(frozen=True)
class CaseSummary:
    """One row of the facilitator's case list."""

    case: Case
    next_step: str  # a message key
    days_since_sick_leave: int | None


@dataclass(frozen=True)
class AuditEntry:
    at: datetime
    actor: str
    case_id: int | None
    action: str
    detail: str


# The command line acts with the rights of whoever holds the data folder and its key.
COMMAND_LINE = User(username="cli", name="command line", role=Role.ADMIN)
