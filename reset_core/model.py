"""The domain's nouns: plain frozen dataclasses and enums, no storage, no UI."""

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
    EMPLOYER = "employer"  # after 3 months of incapacity
    OTHER = "other"


class AssessmentOutcome(StrEnum):
    """The occupational physician's re-integration assessment: only the outcome, never a diagnosis."""

    A = "A"  # will resume the agreed work; adapted or other work meanwhile
    B = "B"  # definitively unfit for the agreed work, able to do adapted or other work
    C = "C"  # no assessment yet; reassess later


class PersonRole(StrEnum):
    GP = "gp"
    OCCUPATIONAL_PHYSICIAN = "occupational_physician"
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


# --- card conversations -------------------------------------------------------


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
COMMAND_LINE = User(username="cli", name="command line", role=Role.ADMIN)


def command_line_user(os_user: str) -> User:
    """The command line as run by `os_user` on the server: named so in the audit log.
    The colon keeps it apart from every account (usernames cannot hold one)."""
    return User(username=f"cli:{os_user}", name=f"command line ({os_user})", role=Role.ADMIN)


# --- scan -------------------------------------------------------------------


class Respondent(StrEnum):
    EMPLOYEE = "employee"
    MANAGER = "manager"


class MomentKind(StrEnum):
    """When a scan is taken: before the return, about 3, 6 and 9 months after it, or extra."""

    T0 = "t0"
    M3 = "m3"
    M6 = "m6"
    M9 = "m9"
    EXTRA = "extra"


class LinkStatus(StrEnum):
    NOT_OPENED = "not_opened"
    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"
    EXPIRED = "expired"
    REVOKED = "revoked"


@dataclass(frozen=True)
class ScanMoment:
    id: int
    case_id: int
    kind: MomentKind
    planned_on: date
    instrument_version: int
    created_at: datetime
    reason: str = ""  # why a new T0 was started after a submitted one


@dataclass(frozen=True)
class ScanLink:
    id: int
    moment_id: int
    case_id: int
    respondent: Respondent
    language: str
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None


@dataclass(frozen=True)
class ScanResponse:
    """One respondent's answers at one moment: item id -> 1..5 or None (not applicable)."""

    moment_id: int
    respondent: Respondent
    instrument_version: int
    answers: dict[str, int | None]
    open_answers: dict[str, str]
    continuum: str | None
    opened_at: datetime | None
    submitted_at: datetime | None

    @property
    def submitted(self) -> bool:
        return self.submitted_at is not None


@dataclass(frozen=True)
class LinkState:
    """What the facilitator sees of one respondent's link at one moment."""

    respondent: Respondent
    status: LinkStatus
    expires_at: datetime | None
    opened_at: datetime | None
    submitted_at: datetime | None


@dataclass(frozen=True)
class MomentOverview:
    moment: ScanMoment
    links: tuple[LinkState, ...]


@dataclass(frozen=True)
class RespondentSession:
    """What a link opens: one respondent, one moment; no names, no other case."""

    link_id: int
    moment_id: int
    case_id: int
    respondent: Respondent
    language: str
    instrument_version: int
    kind: MomentKind
    response: ScanResponse


# --- agreement: the re-integration plan, signed and versioned --------------------


class AdjustmentArea(StrEnum):
    """What an adjustment in the plan is about (the legal plan's headings, concrete)."""

    TASKS = "tasks"
    WORKLOAD = "workload"
    HOURS_SCHEDULE = "hours_schedule"
    WORKPLACE_TOOLS = "workplace_tools"
    RELATIONS_SUPPORT = "relations_support"
    TRAINING = "training"


class CraftingAim(StrEnum):
    """What an adjustment does, in job crafting terms: the plan is not only about doing less."""

    LOWER_HINDERING_DEMAND = "lower_hindering_demand"
    RAISE_RESOURCE = "raise_resource"
    RAISE_CHALLENGE = "raise_challenge"


class AgreementStatus(StrEnum):
    DRAFT = "draft"  # editable
    OFFERED = "offered"  # handed over for signing: the text is fixed, the 14 days run
    SIGNED = "signed"  # employee, manager and facilitator confirmed: locked for good
    REFUSED = "refused"  # the employee refused with reasons: locked, kept on file
    SUPERSEDED = "superseded"  # offered, never completed, replaced by a newer version


class Signer(StrEnum):
    EMPLOYEE = "employee"
    MANAGER = "manager"
    FACILITATOR = "facilitator"


@dataclass(frozen=True)
class PlanAdjustment:
    area: AdjustmentArea
    aim: CraftingAim
    text: str


@dataclass(frozen=True)
class SchedulePeriod:
    """One step of the progressive start; hours and percentage of the contract agree
    once validated (reset_core.agreement.validate_schedule)."""

    start: date | None
    end: date | None
    hours_per_week: float | None = None
    percent: float | None = None
    days_per_week: float | None = None
    tasks: str = ""


@dataclass(frozen=True)
class AgreementContent:
    """What the parties write into the plan; everything else is taken from the case."""

    contract_hours: float | None = None  # contractual hours per week
    adjustments: tuple[PlanAdjustment, ...] = ()
    schedule: tuple[SchedulePeriod, ...] = ()
    buddy: str = ""
    coaching: str = ""
    training: str = ""
    colleagues_message: str = ""  # what colleagues are told
    colleagues_told_by: str = ""
    contact: str = ""  # contact agreements during the return
    follow_ups: tuple[date, ...] = ()
    valid_from: date | None = None
    valid_until: date | None = None
    chart_moment_id: int | None = None  # the scan moment whose comparison the PDF shows


@dataclass(frozen=True)
class PlanParties:
    """Who the plan is between, and the occupational physician's outcome (never a diagnosis).
    Taken from the case while the version is a draft; fixed when it is offered."""

    employee: Party
    manager: Party
    facilitator_name: str
    assessment: Assessment | None


@dataclass(frozen=True)
class Signature:
    signer: Signer
    name: str
    signed_at: datetime
    recorded_by: str


@dataclass(frozen=True)
class AgreementVersion:
    id: int
    case_id: int
    number: int  # 1, 2, ... per case
    reason: str  # why this version was made; empty for the first
    status: AgreementStatus
    content: AgreementContent
    revision: int  # raised on every save: a save based on an older revision is refused
    parties: PlanParties
    goals: tuple[Goal, ...]  # live while a draft; the copy made when it was offered
    offered_on: date | None
    answer_by: date | None  # the employee's 14 calendar days end on this date
    signatures: tuple[Signature, ...]
    refused_at: datetime | None
    refusal_reasons: str
    created_by: str
    created_at: datetime
    updated_at: datetime

    @property
    def locked(self) -> bool:
        return self.status is not AgreementStatus.DRAFT

    def signature(self, signer: Signer) -> Signature | None:
        return next((s for s in self.signatures if s.signer is signer), None)


# --- closing and learning -------------------------------------------------------


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


# --- joint dialogue and goals ---------------------------------------------------


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


# --- follow-up ------------------------------------------------------------------


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
