"""The case's legal track: a formal re-integration trajectory (Codex welzijn op het werk,
boek I, titel 4, hoofdstuk VI) or a voluntary return outside it.

The track decides what the plan's document is: only on a formal trajectory with decision
A or B is it the re-integration plan of the Codex, with the employee's 14 calendar days
to agree or refuse. Under C (for medical reasons no assessment possible yet), before an
assessment, or on a voluntary return, the same agreements are a "return-to-work
agreement" and claim nothing of the Codex. The track also sets the deadlines the home
page lists: the plan due after A or B, the answer window, the reminder contact after a
silence, the earliest reassessment under C.

The rules are pure; `load` and `save` are the use cases. Who started the trajectory and
the assessment itself are the case's intake facts (reset_core.intake).
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, Event

from . import return_notice, validation
from .accounts import Clock
from .allowed import Use
from .errors import Problems, ValidationError
from .formats import day
from .i18n import translate
from .model import (
    AgreementStatus,
    AgreementVersion,
    Assessment,
    AssessmentOutcome,
    Case,
    CraftingAim,
    DocumentKind,
    DueItem,
    LegalDeadline,
    LegalTrack,
    NoticeStep,
    PlanAdjustment,
    Region,
    ReturnFacts,
    Signer,
    Track,
    User,
)
from .services import case_transaction
from .storage import Queries, Store

PLAN_DAYS_AFTER_A = 63  # calendar days
PLAN_MONTHS_AFTER_B = 6  # counted from the end of the appeal period
REASSESS_MONTHS_AFTER_C = 3  # at the earliest
ANSWER_DAYS = 14  # calendar days, from the day after the employee received the plan
MAX_NAME = 100
MAX_TEXT = 2000


# --- pure rules ----------------------------------------------------------------------


def add_months(start: date, months: int) -> date:
    """The same day `months` later; a day the month lacks becomes its last day
    (31 August + 6 months is 28 or 29 February)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def is_codex_plan(track: LegalTrack | None, assessment: Assessment | None) -> bool:
    return (
        track is not None and track.track is Track.FORMAL and assessment is not None
        and assessment.outcome in (AssessmentOutcome.A, AssessmentOutcome.B)
    )


def document_kind(track: LegalTrack | None, assessment: Assessment | None) -> DocumentKind:
    return DocumentKind.CODEX_PLAN if is_codex_plan(track, assessment) else DocumentKind.RETURN_AGREEMENT


def why(track: LegalTrack | None, assessment: Assessment | None) -> str:
    """The message key of the one sentence that says why the document is what it is."""
    if track is None:
        return "legal.why_unrecorded"
    if track.track is Track.VOLUNTARY:
        return "legal.why_voluntary"
    if assessment is None:
        return "legal.why_no_assessment"
    return f"legal.why_{assessment.outcome.value.lower()}"


def plan_due(track: LegalTrack | None, assessment: Assessment | None) -> date | None:
    """When the plan must be there: 63 calendar days after decision A; 6 months after
    decision B, from the end of the appeal period (unknown until that is recorded)."""
    if not is_codex_plan(track, assessment):
        return None
    assert track is not None and assessment is not None  # a Codex plan has both
    if assessment.outcome is AssessmentOutcome.A:
        return assessment.on_date + timedelta(days=PLAN_DAYS_AFTER_A)
    return add_months(track.appeal_end, PLAN_MONTHS_AFTER_B) if track.appeal_end else None


def answer_due(received_on: date) -> date:
    """The last of the employee's 14 calendar days: day one is the day after receipt."""
    return received_on + timedelta(days=ANSWER_DAYS)


def reminder_due(answer_by: date) -> date:
    """No answer in time: the employer contacts the employee again, the next day."""
    return answer_by + timedelta(days=1)


def reassessment_from(track: LegalTrack | None, assessment: Assessment | None) -> date | None:
    """Under C the occupational physician assesses again, 3 months after at the earliest."""
    if track is None or track.track is not Track.FORMAL or assessment is None or assessment.outcome is not AssessmentOutcome.C:
        return None
    return add_months(assessment.on_date, REASSESS_MONTHS_AFTER_C)


def legal_language(region: Region | None, employee_language: str | None) -> str | None:
    """The language the legal plan must be in: Dutch in Flanders, French in Wallonia,
    German in the German-speaking area; in Brussels the employee's (Dutch or French)."""
    if region is None:
        return None
    if region is Region.BRUSSELS:
        return "fr" if employee_language == "fr" else "nl"
    return {Region.FLANDERS: "nl", Region.WALLONIA: "fr", Region.GERMAN: "de"}[region]


def lowers_demands_only(adjustments: Sequence[PlanAdjustment]) -> bool:
    """Every adjustment only lowers a hindering demand: nothing adds a resource or a
    challenge (the research found lowering demands alone had no effect on relapse)."""
    return bool(adjustments) and all(a.aim is CraftingAim.LOWER_HINDERING_DEMAND for a in adjustments)


def check_growth(adjustments: Sequence[PlanAdjustment], track: LegalTrack | None) -> None:
    """A plan of only demand-lowering adjustments is offered only with a recorded reason."""
    if lowers_demands_only(adjustments) and not (track and track.growth_reason):
        raise ValidationError("legal.growth_missing", field="adjustments")


def offered_as_codex_plan(version: AgreementVersion) -> bool:
    """The version was offered as the Codex plan: by the track frozen into it when it was
    offered, not by the case's track as it stands now."""
    return version.status is not AgreementStatus.DRAFT and is_codex_plan(version.legal, version.parties.assessment)


def _pending(version: AgreementVersion) -> bool:
    return (
        version.status is AgreementStatus.OFFERED and version.refused_at is None and version.answer_by is not None
        and version.signature(Signer.EMPLOYEE) is None and offered_as_codex_plan(version)
    )


def schedule_version(versions: Sequence[AgreementVersion]) -> AgreementVersion | None:
    """The version whose schedule the progressive-return notices follow: the latest signed
    one (the plan in force), else the one offered and not refused."""
    for status in (AgreementStatus.SIGNED, AgreementStatus.OFFERED):
        found = [v for v in versions if v.status is status and v.refused_at is None]
        if found:
            return found[-1]
    return None


def notice_steps(versions: Sequence[AgreementVersion], facts: ReturnFacts) -> list[NoticeStep]:
    """The schedule steps that need a progressive-return notice, with the day each is due
    and, when recorded, the day it was filed."""
    version = schedule_version(versions)
    if version is None:
        return []
    return return_notice.notice_steps(version.content.schedule, version.content.contract_hours, facts.notices)


def deadlines(
    track: LegalTrack | None, assessment: Assessment | None, versions: Sequence[AgreementVersion],
    facts: ReturnFacts | None = None, case: Case | None = None,
) -> list[LegalDeadline]:
    """The dates the track sets that are still open: the plan due until a version is
    offered or the motivated report recorded; while an offered Codex plan waits for the
    employee, the answer window and then the reminder contact, or once the employer
    contacted them again, the date given then (a second silence counts as a refusal); the
    reassessment under C; the progressive-return notice of each schedule step not yet
    filed; the medical check of a safety function before the return (needs `case`)."""
    facts = facts or ReturnFacts()
    out: list[LegalDeadline] = []
    due = plan_due(track, assessment)
    offered = any(v.status is not AgreementStatus.DRAFT for v in versions)
    if due is not None and assessment is not None and not offered and facts.report is None:
        out.append(LegalDeadline(f"plan_due_{assessment.outcome.value.lower()}", due))
    waiting = [v for v in versions if _pending(v)]
    for version in waiting[-1:]:
        if version.reminded_on is not None and version.reminder_answer_by is not None:
            out.append(LegalDeadline("reminder_answer_due", version.reminder_answer_by))
        elif version.answer_by is not None:
            out.append(LegalDeadline("answer_due", version.answer_by))
            out.append(LegalDeadline("reminder_due", reminder_due(version.answer_by)))
    again = reassessment_from(track, assessment)
    if again is not None:
        out.append(LegalDeadline("reassessment", again))
    for step in notice_steps(versions, facts):
        if step.filed_on is None:
            out.append(LegalDeadline("notice_due", step.due_on, step.start))
    check = safety_check(case, facts)
    if check is not None:
        out.append(LegalDeadline("safety_check", check))
    return out


def safety_check(case: Case | None, facts: ReturnFacts) -> date | None:
    """When the safety function's medical check before the return is due, if it is."""
    if case is None or not facts.safety_function or facts.examined_on is not None:
        return None
    return return_notice.safety_check_due(case.sick_leave_start, case.expected_return, case.actual_return)


def due_items(
    case: Case, track: LegalTrack | None, versions: Sequence[AgreementVersion], today: date, window: int,
    facts: ReturnFacts | None = None,
) -> list[DueItem]:
    """The case's legal deadlines due within `window` days or overdue, as the home page
    lists the follow-ups. The answer window shows until it ends, the reminder after it."""
    items = []
    for deadline in deadlines(track, case.assessment, versions, facts, case):
        days_late = (today - deadline.due_on).days
        if days_late < -window:
            continue
        if deadline.kind == "answer_due" and days_late > 0:
            continue  # past: the reminder contact takes its place
        if deadline.kind == "reminder_due" and days_late < 0:
            continue
        if deadline.kind == "safety_check" and case.actual_return is not None and days_late > 0:
            continue  # its window after the return has closed; the examination itself is the physician's record
        items.append(DueItem(case.id, case.employee.name, deadline.kind, "legal", deadline.due_on, days_late))
    return items


# --- use cases -----------------------------------------------------------------------


@dataclass(frozen=True)
class LegalFile:
    """The case's track as the agreement screen shows it."""

    case: Case
    track: LegalTrack | None
    deadlines: tuple[LegalDeadline, ...]
    facts: ReturnFacts = ReturnFacts()
    notices: tuple[NoticeStep, ...] = ()

    @property
    def kind(self) -> DocumentKind:
        return document_kind(self.track, self.case.assessment)

    @property
    def why(self) -> str:
        return why(self.track, self.case.assessment)


def load(store: Store, actor: User, case_id: int, clock: Clock = datetime.now) -> LegalFile:
    with case_transaction(store, actor, case_id, "case.view", "legal track", clock, use=Use.PLAN) as (q, case):
        return file_of(q, case)


def file_of(q: Queries, case: Case) -> LegalFile:
    track = q.legal.track_of(case.id)
    versions = q.agreements.agreements_of(case.id)
    facts = q.legal_report.facts_of(case.id)
    return LegalFile(
        case, track, tuple(deadlines(track, case.assessment, versions, facts, case)), facts, tuple(notice_steps(versions, facts)),
    )


def checked(case: Case, track: str | None, region: str | None, appeal_end: date | None,
            signatory_name: str, signatory_function: str, growth_reason: str) -> LegalTrack:
    """The track as typed, or every problem with it at once, per field."""
    problems = Problems()
    kind = problems.choice(Track, track, "legal.track_required", "track")
    where = problems.choice(Region, region, "legal.region_unknown", "region") if region else None
    b = case.assessment is not None and case.assessment.outcome is AssessmentOutcome.B
    if kind is Track.FORMAL:
        if case.started_by is None:
            problems.add("legal.started_by_missing", "track")
        if where is None:
            problems.add("legal.region_required", "region")
        if b and appeal_end is None:
            problems.add("legal.appeal_end_required", "appeal_end")
    if appeal_end is not None and not b:
        problems.add("legal.appeal_end_only_b", "appeal_end")
    elif appeal_end is not None and case.assessment is not None and appeal_end < case.assessment.on_date:
        problems.add("legal.appeal_end_before_assessment", "appeal_end")
    name = problems.check(validation.text, signatory_name, "signatory_name", MAX_NAME, "legal")
    function = problems.check(validation.text, signatory_function, "signatory_function", MAX_NAME, "legal")
    reason = problems.check(validation.text, growth_reason, "growth_reason", MAX_TEXT, "legal")
    problems.raise_all()
    assert kind is not None  # refused above otherwise
    return LegalTrack(case.id, kind, where, appeal_end, reason, name, function)


def save(
    store: Store, actor: User, case_id: int, track: str | None, region: str | None = None, appeal_end: date | None = None,
    signatory_name: str = "", signatory_function: str = "", growth_reason: str = "", clock: Clock = datetime.now,
) -> LegalTrack:
    """Record the case's track. Saving the same values twice changes nothing a user sees."""
    with case_transaction(store, actor, case_id, "legal.save", "legal track", clock, use=Use.PLAN_EDITS) as (q, case):
        typed = checked(case, track, region, appeal_end, signatory_name, signatory_function, growth_reason)
        q.legal.save_track(typed, actor.username, clock())
        saved = q.legal.track_of(case_id)
    assert saved is not None  # just written
    return saved


def deadline_calendar(case_id: int, items: Sequence[LegalDeadline], lang: str, now: datetime) -> bytes:
    """One all-day event per open legal deadline. Names stay out: calendars are often shared."""
    cal = Calendar()
    cal.add("prodid", "-//ReSet//legal deadlines//" + lang.upper())
    cal.add("version", "2.0")
    for item in items:
        event = Event()
        step = f"-step-{item.step_start.isoformat()}" if item.step_start else ""
        event.add("uid", f"reset-case-{case_id}-legal-{item.kind}-{item.due_on.isoformat()}{step}")
        event.add("dtstamp", now.astimezone(UTC))
        event.add("dtstart", item.due_on)
        event.add("dtend", item.due_on + timedelta(days=1))
        event.add("summary", f"#{case_id} " + translate(f"legal.due_{item.kind}", lang))
        description = translate("legal.ics_description", lang, id=case_id)
        if item.step_start:  # which step of the schedule the notice announces
            description += " " + translate("legal_report.ics_step", lang, start=day(item.step_start, lang))
        event.add("description", description)
        cal.add_component(event)
    return cal.to_ical()


def calendar_file(store: Store, actor: User, case_id: int, lang: str = "nl", clock: Clock = datetime.now) -> bytes:
    with case_transaction(store, actor, case_id, "legal.calendar", "legal deadlines", clock, use=Use.PLAN) as (q, case):
        legal = file_of(q, case)
    return deadline_calendar(case_id, legal.deadlines, lang, clock())
