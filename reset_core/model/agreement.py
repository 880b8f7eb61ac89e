"""The re-integration plan: its content, versions and signatures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from .cases import Assessment, Party
from .dialogue import Goal
from .legal import LegalTrack


class AdjustmentArea(StrEnum):
    """What an adjustment in the plan is about (the legal plan's headings, concrete)."""

    TASKS = "tasks"
    WORKLOAD = "workload"
    HOURS_SCHEDULE = "hours_schedule"
    WORKPLACE_TOOLS = "workplace_tools"
    RELATIONS_SUPPORT = "relations_support"
    TRAINING = "training"
    OTHER_WORK = "other_work"  # the Codex plan's "other work": content, volume, hours, build-up


class CraftingAim(StrEnum):
    """What an adjustment does, in job crafting terms: the plan is not only about doing less."""

    LOWER_HINDERING_DEMAND = "lower_hindering_demand"
    RAISE_RESOURCE = "raise_resource"
    RAISE_CHALLENGE = "raise_challenge"


class AgreementStatus(StrEnum):
    DRAFT = "draft"  # editable
    OFFERED = "offered"  # handed over for signing: the text is fixed, the 14 days run
    SIGNED = "signed"  # employee and manager (the employer's signatory) confirmed: locked for good
    REFUSED = "refused"  # the employee refused with reasons: locked, kept on file
    SUPERSEDED = "superseded"  # offered, never completed, replaced by a newer version


class Signer(StrEnum):
    EMPLOYEE = "employee"
    MANAGER = "manager"
    FACILITATOR = "facilitator"


class AnswerRoute(StrEnum):
    """How a party's answer to an offered plan reached the file (reset_core.plan_answer)."""

    LINK = "link"  # typed by the party in their own space, with the hand-over code
    PAPER = "paper"  # signed on paper; the facilitator recorded it, with the paper's date
    OWN = "own"  # the facilitator's own confirmation
    TICKED = "ticked"  # before the parties answered themselves: ticked by the facilitator on their behalf
    SILENCE = "silence"  # no answer after the employer's reminder: counts as a refusal (Codex plan only)


class Recipient(StrEnum):
    """Who a copy of the offered plan was delivered to."""

    EMPLOYEE = "employee"
    OCCUPATIONAL_PHYSICIAN = "occupational_physician"
    OTHER = "other"  # named in the record


class DeliveryHow(StrEnum):
    """How a copy was delivered, or how the employer contacted the employee again."""

    HAND = "hand"
    REGISTERED_MAIL = "registered_mail"
    EMAIL = "email"
    APP = "app"  # through the party's own space in ReSet


@dataclass(frozen=True)
class Delivery:
    """One copy of an offered version delivered: to whom, when, how; who recorded it."""

    id: int
    recipient: Recipient
    recipient_name: str
    delivered_on: date
    how: DeliveryHow
    recorded_by: str
    recorded_at: datetime


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
    recorded_by: str  # the facilitator's login, or party_space.actor_of(party) for an answer through their space
    route: AnswerRoute = AnswerRoute.OWN
    paper_date: date | None = None  # the date on the paper, for a paper signature
    link: str | None = None  # which link the answer came through, for an answer via link


@dataclass(frozen=True)
class Refusal:
    """How the employee's refusal reached the file: like a `Signature`'s route."""

    name: str
    route: AnswerRoute
    recorded_by: str
    paper_date: date | None = None
    link: str | None = None


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
    # The employee's own view ("zienswijze van de werknemer"): written only by the employee
    # through their space, with the answer; nobody else can change it.
    employee_view: str = ""
    employee_view_at: datetime | None = None
    refusal: Refusal | None = None
    # The proof of the answer to a Codex plan (reset_core.plan_proof): the day the employee
    # received it (their 14 days start the day after), the employer's contact after a
    # silence and the date given then, and each copy delivered.
    received_on: date | None = None
    reminded_on: date | None = None
    reminder_how: DeliveryHow | None = None
    reminder_answer_by: date | None = None
    deliveries: tuple[Delivery, ...] = ()
    # The legal track as it was when the version was offered (None for a draft: the
    # case's track as it stands applies).
    legal: LegalTrack | None = None

    @property
    def locked(self) -> bool:
        return self.status is not AgreementStatus.DRAFT

    def signature(self, signer: Signer) -> Signature | None:
        return next((s for s in self.signatures if s.signer is signer), None)


