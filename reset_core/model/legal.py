"""The case's legal track (Codex welzijn op het werk, boek I, titel 4, hoofdstuk VI):
a formal re-integration trajectory or a voluntary return outside it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum


class Track(StrEnum):
    FORMAL = "formal"  # a re-integration trajectory was started: assessment A, B or C follows
    VOLUNTARY = "voluntary"  # a return arranged outside the trajectory (visit, spontaneous progressive return)


class Region(StrEnum):
    """Where the workplace is: it decides the legal plan's language."""

    FLANDERS = "flanders"
    WALLONIA = "wallonia"
    BRUSSELS = "brussels"
    GERMAN = "german"  # the German-speaking area


class DocumentKind(StrEnum):
    CODEX_PLAN = "codex_plan"  # the re-integration plan of art. I.4-74, with its 14 days
    RETURN_AGREEMENT = "return_agreement"  # agreements on the return, not the Codex plan


@dataclass(frozen=True)
class LegalTrack:
    """What the facilitator recorded about the case's legal frame. Who started a formal
    trajectory and the assessment itself (A/B/C, date, modalities) are the case's own
    facts, recorded at the intake; this adds what the plan's title and deadlines need."""

    case_id: int
    track: Track
    region: Region | None = None
    appeal_end: date | None = None  # decision B: the last day of the appeal period
    growth_reason: str = ""  # why the plan holds no growth (challenge, development, resources)
    signatory_name: str = ""  # the employer's authorised representative
    signatory_function: str = ""
    recorded_by: str = ""
    recorded_at: datetime | None = None
    version: int = 1


@dataclass(frozen=True)
class LegalDeadline:
    """A date the track sets: plan due, answer window, reminder contact, reassessment."""

    kind: str  # plan_due_a, plan_due_b, answer_due, reminder_due, reassessment, notice_due, safety_check
    due_on: date
    step_start: date | None = None  # notice_due: the start of the schedule step it announces


class ReportGround(StrEnum):
    """Why the employer makes no plan after decision A or B (the motivated report)."""

    TECHNICAL = "technical"  # technically impossible
    OBJECTIVE = "objective"  # objectively impossible
    UNREASONABLE = "unreasonable"  # cannot reasonably be demanded, for well-founded reasons


@dataclass(frozen=True)
class MotivatedReport:
    """The employer's report that no re-integration plan is possible, with its reasons:
    it takes the plan's place and has the plan's deadline."""

    case_id: int
    ground: ReportGround
    reasons: str
    made_on: date
    recorded_by: str = ""
    recorded_at: datetime | None = None
    version: int = 1


@dataclass(frozen=True)
class NoticeStep:
    """A step of the schedule that needs a progressive-return notice to the advising
    physician, by the last working day before it starts."""

    start: date
    due_on: date
    hours_per_week: float | None
    days_per_week: float | None
    filed_on: date | None = None

    @property
    def late(self) -> bool:
        return self.filed_on is not None and self.filed_on > self.due_on


@dataclass(frozen=True)
class ReturnFacts:
    """What the case recorded around the plan: the motivated report, the notices filed
    (step start -> filed on), whether the employee holds a safety function and when the
    occupational physician examined them on resuming work."""

    report: MotivatedReport | None = None
    notices: dict[date, date] = field(default_factory=dict)
    safety_function: bool = False
    examined_on: date | None = None


@dataclass(frozen=True)
class KeptPlan:
    """A signed or refused Codex plan kept for the inspectorate after its case was erased
    (reset_core.privacy): the case number, the dates and the PDF, until `keep_until`."""

    id: int
    case_number: int
    version_number: int
    status: str  # signed, refused
    offered_on: date | None
    received_on: date | None
    answered_on: date | None
    deliveries: str  # one line per copy delivered
    language: str
    kept_on: date
    keep_until: date
