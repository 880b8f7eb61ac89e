"""The case and the people around it: users and accounts, parties, phases, consent,
intake, the audit log."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
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


class TrajectoryStart(StrEnum):
    """Who asked for the re-integration trajectory (Codex welzijn op het werk)."""

    EMPLOYEE = "employee"
    TREATING_PHYSICIAN = "treating_physician"
    OCCUPATIONAL_PHYSICIAN = "occupational_physician"
    ADVISING_PHYSICIAN = "advising_physician"  # the health insurer's adviserend arts
    RTW_COORDINATOR = "rtw_coordinator"  # the health insurer's return-to-work coordinator
    EMPLOYER = "employer"  # after 3 months of incapacity
    OTHER = "other"


class AssessmentOutcome(StrEnum):
    """The occupational physician's re-integration assessment: only the outcome, never a diagnosis."""

    A = "A"  # will resume the agreed work; adapted or other work meanwhile
    B = "B"  # definitively unfit for the agreed work, able to do adapted or other work
    C = "C"  # for medical reasons no assessment possible (yet); reassess after 3 months at the earliest


class PersonRole(StrEnum):
    GP = "gp"
    OCCUPATIONAL_PHYSICIAN = "occupational_physician"
    ADVISING_PHYSICIAN = "advising_physician"  # the health insurer's adviserend arts / médecin-conseil
    RTW_COORDINATOR = "rtw_coordinator"  # the health insurer's return-to-work coordinator
    COACH_THERAPIST = "coach_therapist"
    HR = "hr"
    TRUSTED_PERSON = "trusted_person"
    OTHER = "other"


class ContactKeeper(StrEnum):
    MANAGER = "manager"
    HR = "hr"
    COLLEAGUE = "colleague"
    FACILITATOR = "facilitator"


@dataclass(frozen=True)
class User:
    username: str
    name: str
    role: Role
    active: bool = True
    # Logged in with a one-time password an administrator set: acts on nothing until
    # the owner has chosen their own password.
    must_change_password: bool = False

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN


@dataclass(frozen=True)
class Account(User):
    """A user as the accounts screen shows it: with login state."""

    created_at: datetime | None = None
    locked_until: datetime | None = None  # the latest lockout still running, from any place
    locked_places: int = 0  # how many places are locked out of this account now


@dataclass(frozen=True)
class PasswordReset:
    """An administrator's reset of someone's password, as its owner is told at the next login."""

    id: int
    username: str
    by: str
    by_name: str
    at: datetime
    used_at: datetime | None = None  # the first login with the one-time password


@dataclass(frozen=True)
class Party:
    role: PartyRole
    name: str
    job_title: str = ""
    department: str = ""


@dataclass(frozen=True)
class Assessment:
    outcome: AssessmentOutcome
    on_date: date
    modalities: str = ""


@dataclass(frozen=True)
class CaseDetails:
    """What the intake form records about a case; validated in reset_core.intake."""

    employee: Party
    manager: Party
    sick_leave_start: date | None
    intake_date: date | None = None
    expected_return: date | None = None
    actual_return: date | None = None
    started_by: TrajectoryStart | None = None
    assessment: Assessment | None = None


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
    intake_date: date | None = None
    expected_return: date | None = None
    actual_return: date | None = None
    started_by: TrajectoryStart | None = None
    assessment: Assessment | None = None
    version: int = 1
    corrected_over: Phase | None = None  # the facts' phase when a correction was made (reset_core.phases)

    @property
    def details(self) -> CaseDetails:
        return CaseDetails(
            self.employee, self.manager, self.sick_leave_start, self.intake_date,
            self.expected_return, self.actual_return, self.started_by, self.assessment,
        )

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
class PhaseFacts:
    """What the phase rules (reset_core.phases) read of one case; dates are when it happened."""

    case_id: int
    consent_given: bool | None = None  # the basic consent's latest entry; None: never recorded
    consent_on: date | None = None
    employee_talk_on: date | None = None  # the first card conversation with the employee
    manager_talk_on: date | None = None
    t0_both_on: date | None = None  # the first T0 moment both submitted: the later submission
    plan_offered: int | None = None  # the newest version ever offered
    plan_offered_on: date | None = None
    plan_signed: int | None = None  # the newest signed version
    plan_signed_on: date | None = None
    actual_return: date | None = None
    expected_return: date | None = None
    followup_on: date | None = None  # the first follow-up conversation held
    closed_on: date | None = None
    corrected_over: Phase | None = None  # the facts' phase when a correction was made; None: no correction holds


@dataclass(frozen=True)
class PhaseChange:
    """One line of a case's phase history."""

    phase: Phase
    at: datetime
    kind: str  # facts, correction, closing, reopening
    by: str | None = None  # the account that made it; None when the facts moved the case
    by_name: str = ""
    reason: str = ""


@dataclass(frozen=True)
class CaseRecord:
    """A case as an administrator sees it: number, phase and dates, never contents."""

    id: int
    phase: Phase
    opened_on: date
    closed_on: date | None


PROCESSING = "processing"  # the basic consent: processing for the re-integration


def person_subject(person_id: int) -> str:
    return f"person:{person_id}"


@dataclass(frozen=True)
class ConsentEntry:
    id: int
    subject: str
    given: bool
    on_date: date
    note: str
    recorded_by: str
    recorded_at: datetime
    text_version: int | None = None  # of the consent text shown (content/consents.yaml); None: from before versions


@dataclass(frozen=True)
class Person:
    """Someone around the case: GP, occupational physician, coach, HR, a trusted person."""

    id: int
    role: PersonRole
    name: str
    organisation: str = ""
    contact: str = ""


@dataclass(frozen=True)
class ContactEntry:
    id: int
    person_id: int
    on_date: date
    note: str
    recorded_by: str
    recorded_at: datetime


@dataclass(frozen=True)
class PersonView:
    """A person as screens may show them: the contact log only while consent holds."""

    person: Person
    consent_given: bool
    contacts: tuple[ContactEntry, ...]


@dataclass(frozen=True)
class ContactAgreement:
    """Contact during the sick leave, and the reboarding checklist for day one."""

    keeper: ContactKeeper
    frequency: str = ""
    channel: str = ""
    not_wanted: str = ""
    colleagues_informed: bool = False
    colleagues_message: str = ""
    manager_present_day_one: bool = False
    workplace_ready: bool = False
    accounts_ready: bool = False
    first_week_plan: str = ""


@dataclass(frozen=True)
class IntakeRecord:
    """Everything the intake screen shows of one case, read in one go."""

    case: Case
    ledger: tuple[ConsentEntry, ...]
    people: tuple[PersonView, ...]
    contact_agreement: ContactAgreement | None
    names: Mapping[str, str] = field(default_factory=dict)  # account -> full name, for "recorded by"

    @property
    def processing_consent(self) -> bool:
        return consent_state(self.ledger, PROCESSING)


def consent_state(ledger: tuple[ConsentEntry, ...] | list[ConsentEntry], subject: str) -> bool:
    """A consent holds when its latest entry gives it."""
    latest = None
    for entry in ledger:
        if entry.subject == subject:
            latest = entry
    return latest is not None and latest.given


@dataclass(frozen=True)
class AuditEntry:
    at: datetime
    actor: str
    case_id: int | None
    action: str
    detail: str


COMMAND_LINE = User(username="cli", name="command line", role=Role.ADMIN)


def command_line_user(os_user: str) -> User:
    """The command line as run by `os_user` on the server: named so in the audit log.
    The colon keeps it apart from every account (usernames cannot hold one)."""
    return User(username=f"cli:{os_user}", name=f"command line ({os_user})", role=Role.ADMIN)

