"""The scan: moments, the links each party answers through, their responses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum


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
class VersionMove:
    """A case moved on to a newer scan version by its facilitator, with the reason."""

    case_id: int
    from_version: int
    to_version: int
    reason: str
    moved_by: str
    moved_at: datetime


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
    one_by_one: bool | None = None  # one statement per screen, as chosen; None: not chosen

    @property
    def submitted(self) -> bool:
        return self.submitted_at is not None


class ReleaseVia(StrEnum):
    """How a party's decision about their scan reached the ledger."""

    LINK = "link"  # the party, on their own scan link
    FACILITATOR = "facilitator"  # said by word of mouth, recorded by the facilitator


@dataclass(frozen=True)
class Release:
    """One row of the release ledger: a party released their results of a moment for the
    joint dialogue, or took that back. The latest row per moment and party decides."""

    moment_id: int
    respondent: Respondent
    released: bool
    recorded_at: datetime
    via: ReleaseVia
    recorded_by: str
    how_asked: str = ""


@dataclass(frozen=True)
class Flag:
    """One row of the flag ledger: "I want to talk about this" for one theme, or no longer."""

    moment_id: int
    respondent: Respondent
    theme: str
    flagged: bool
    recorded_at: datetime
    via: ReleaseVia
    recorded_by: str
    how_asked: str = ""


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




@dataclass(frozen=True)
class ScanReview:
    """The facilitator's bilateral review of one party's own scan results at one moment,
    held with that party alone before the joint dialogue (reset_core.scan_review).
    `stood_out`, `to_bring` and `themes` are the party's: their take-home summary holds
    them. `private_note` is the facilitator's and never leaves the facilitator's screen."""

    case_id: int
    moment_id: int
    respondent: Respondent
    held_on: date
    stood_out: str
    to_bring: str
    themes: tuple[str, ...]  # scan themes the party wants to bring to the joint dialogue
    private_note: str
    recorded_by: str
    recorded_at: datetime
