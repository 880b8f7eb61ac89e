"""The facilitator's bilateral scan review with each party, before the joint dialogue.

The method prepares the joint dialogue apart: before both parties sit together, the
facilitator goes over one party's own scan results with that party alone, what stood out
to them and what they want to bring to the joint dialogue. The facilitator records it (the
date, what stood out, what the party wants to bring, the themes they chose; a private
note of their own), one review per moment and party, corrected by saving it again.

The party can take home a summary of that talk (`summary`, drawn as PDF by
reset_core.documents.scan_review): built only from that party's own submitted answers,
their theme scores, their open answers and what they chose to bring. `Summary` has no
place for the other party's answers or for the facilitator's private note, so neither
can reach the paper; it is made for one party and logged as such.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from . import scan, validation
from .accounts import Clock
from .allowed import Use
from .errors import Problems, ValidationError
from .instrument import load_instrument
from .model import Case, Respondent, ScanMoment, ScanReview, User
from .scoring import ThemeScore, theme_scores
from .services import case_transaction, remember, repeat_of
from .storage import Queries, Store

MAX_TEXT = 2000
ACTION = "scan.review"


def _text(value: str | None, field: str, required: bool = False) -> str:
    return validation.text(value, field, MAX_TEXT, "scan_review", required, f"scan_review.{field}_required" if required else "")


def _checked(
    case_id: int, moment_id: int, respondent: Respondent, held_on: date | None, stood_out: str, to_bring: str,
    themes: tuple[str, ...] | list[str], private_note: str, by: str, now: datetime, problems: Problems,
) -> ScanReview:
    """The review as typed, every problem of it kept in `problems` (the caller raises)."""
    if held_on is None:
        problems.add("scan_review.held_on_required", "held_on")
    elif held_on > now.date():
        problems.add("scan_review.held_on_future", "held_on")
    stood = problems.check(_text, stood_out, "stood_out", required=True)
    bring = problems.check(_text, to_bring, "to_bring")
    note = problems.check(_text, private_note, "private_note")
    chosen = tuple(dict.fromkeys(themes or ()))
    if bring == "" and not chosen and not problems.has("to_bring"):
        # Bringing nothing is a choice too, but one the party says: written down, not left blank.
        problems.add("scan_review.to_bring_required", "to_bring")
    return ScanReview(
        case_id, moment_id, respondent, held_on or now.date(), stood or "", bring or "", chosen, note or "", by, now,
    )


def _submitted(q: Queries, case_id: int, moment_id: int, respondent: Respondent) -> tuple[ScanMoment, int]:
    """The moment and the instrument version of the party's submitted response."""
    moment = scan.moment_of(q, case_id, moment_id)
    response = scan.response_of(q, case_id, moment_id, respondent)
    if not response.submitted:
        raise ValidationError("scan_review.not_submitted", field="respondent")
    return moment, response.instrument_version


def record(
    store: Store, actor: User, case_id: int, moment_id: int, respondent: Respondent, held_on: date | None,
    stood_out: str, to_bring: str, themes: tuple[str, ...] | list[str], private_note: str = "",
    request: str | None = None, clock: Clock = datetime.now, base: datetime | None = None,
) -> ScanReview:
    """The review of one party's scan with that party alone, as the facilitator heard it.
    Every problem at once, nothing half-kept; saved again, it replaces the earlier one.
    `base`: when the review the screen shows was recorded (None: the screen showed none).
    A review recorded since (another tab) is not overwritten: refused, the text kept on screen."""
    now = clock()
    respondent = Respondent(respondent)
    problems = Problems()
    review = _checked(case_id, moment_id, respondent, held_on, stood_out, to_bring, themes, private_note, actor.username, now, problems)
    with case_transaction(store, actor, case_id, "scan.review", f"{moment_id} {respondent.value}", clock,
                          use=Use.CONVERSATION_EDITS) as (q, _):
        if repeat_of(q, actor, request, ACTION)[0]:
            kept = q.scan_reviews.review(case_id, moment_id, respondent)
            if kept is not None:
                return kept
        stored = q.scan_reviews.review(case_id, moment_id, respondent)
        if (stored.recorded_at if stored else None) != base:
            raise ValidationError("scan_review.changed_meanwhile")
        try:
            _, version = _submitted(q, case_id, moment_id, respondent)
        except ValidationError as exc:
            problems.errors.append(exc)
        else:
            known = load_instrument(version).themes()
            if any(theme not in known for theme in review.themes):
                problems.add("scan_review.unknown_theme", "themes")
        problems.raise_all()
        q.scan_reviews.save(review)
        remember(q, actor, request, ACTION, case_id, moment_id, now)
    return review


def reviews(store: Store, actor: User, case_id: int, clock: Clock = datetime.now) -> dict[tuple[int, Respondent], ScanReview]:
    """The case's reviews, by (moment, party): the facilitator's own screen, private notes included."""
    with case_transaction(store, actor, case_id, "case.view", "scan reviews", clock, use=Use.SCAN_RESULTS) as (q, _):
        return {(r.moment_id, r.respondent): r for r in q.scan_reviews.reviews_of(case_id)}


# --- the take-home summary -----------------------------------------------------------


@dataclass(frozen=True)
class Summary:
    """What one party takes home from their scan review: their own material only. There is
    no field for the other party's answers nor for the facilitator's private note."""

    case_id: int
    respondent: Respondent
    name: str  # the party's own name, for the document's header
    moment: ScanMoment
    instrument_version: int
    answers: dict[str, int | None]  # their own answers, statement by statement
    scores: dict[str, ThemeScore]  # their own theme scores
    open_answers: dict[str, str]  # their own open answers
    held_on: date
    stood_out: str
    to_bring: str
    themes: tuple[str, ...]


def _name(case: Case, respondent: Respondent) -> str:
    if respondent is Respondent.EMPLOYEE:
        return case.details.employee.name
    return case.details.manager.name if case.details.manager else ""


def summary(
    store: Store, actor: User, case_id: int, moment_id: int, respondent: Respondent, clock: Clock = datetime.now,
) -> Summary:
    """The take-home summary of one party's review, read and logged as made for that party."""
    respondent = Respondent(respondent)
    with case_transaction(store, actor, case_id, "scan.review_summary", f"{moment_id} {respondent.value}", clock,
                          use=Use.SCAN_RESULTS) as (q, case):
        moment, version = _submitted(q, case_id, moment_id, respondent)
        review = q.scan_reviews.review(case_id, moment_id, respondent)
        if review is None:
            raise ValidationError("scan_review.no_review", field="summary")
        own = scan.response_of(q, case_id, moment_id, respondent)
    return Summary(
        case_id, respondent, _name(case, respondent), moment, version, dict(own.answers),
        theme_scores(load_instrument(version), own.answers), {k: v for k, v in own.open_answers.items() if v and v.strip()},
        review.held_on, review.stood_out, review.to_bring, review.themes,
    )
