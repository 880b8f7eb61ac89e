"""Around the legal plan: the employer's motivated report when no plan is possible, the
progressive-return notices the employee files per schedule step, and the safety function
that makes a medical check due before the return.

The motivated report: after decision A or B the employer who finds a re-integration plan
technically or objectively impossible, or one that cannot reasonably be demanded for
well-founded reasons, writes a report with its reasons instead. It takes the plan's place
and has the plan's deadline (63 calendar days after A; 6 months after B, from the end of
the appeal period: `legal_track.plan_due`). Under C, before an assessment or on a
voluntary return no plan is due, so no report either. Once a version is signed the plan
exists and a report makes no sense.

The dates themselves are pure rules in `reset_core.return_notice`; `reset_core.legal_track`
lists them with the other legal deadlines.
"""

from __future__ import annotations

from datetime import date, datetime

from . import legal_track, validation
from .accounts import Clock
from .allowed import Use
from .errors import Problems, ValidationError
from .model import AgreementStatus, AgreementVersion, Case, LegalTrack, MotivatedReport, ReportGround, User
from .services import case_transaction
from .storage import Store

MAX_REASONS = 4000


def report_due(track: LegalTrack | None, case: Case) -> date | None:
    """The report's deadline: the plan's own."""
    return legal_track.plan_due(track, case.assessment)


def checked_report(
    case: Case, track: LegalTrack | None, versions: list[AgreementVersion],
    ground: str | None, reasons: str, made_on: date | None, today: date,
) -> MotivatedReport:
    """The report as typed, or every problem with it at once, per field."""
    problems = Problems()
    if not legal_track.is_codex_plan(track, case.assessment):
        problems.errors.append(ValidationError("legal_report.not_codex"))
    if any(v.status is AgreementStatus.SIGNED for v in versions):
        problems.errors.append(ValidationError("legal_report.plan_signed"))
    kind = problems.choice(ReportGround, ground, "legal_report.ground_required", "ground")
    text = problems.check(
        validation.text, reasons, "reasons", MAX_REASONS, "legal_report", required=True, required_key="legal_report.reasons_required",
    )
    if made_on is None:
        problems.add("legal_report.made_on_required", "made_on")
    elif made_on > today:
        problems.add("legal_report.made_on_future", "made_on")
    elif case.assessment is not None and made_on < case.assessment.on_date:
        problems.add("legal_report.made_on_before_assessment", "made_on")
    problems.raise_all()
    assert kind is not None and text is not None and made_on is not None  # refused above otherwise
    return MotivatedReport(case.id, kind, text, made_on)


def save_report(
    store: Store, actor: User, case_id: int, ground: str | None, reasons: str, made_on: date | None,
    clock: Clock = datetime.now,
) -> MotivatedReport:
    """Record the employer's motivated report. Saving the same values twice changes nothing a user sees."""
    with case_transaction(store, actor, case_id, "legal.report_save", "motivated report", clock, use=Use.PLAN_EDITS) as (q, case):
        typed = checked_report(
            case, q.legal.track_of(case_id), q.agreements.agreements_of(case_id), ground, reasons, made_on, clock().date(),
        )
        q.legal_report.save_report(typed, actor.username, clock())
        saved = q.legal_report.report_of(case_id)
    assert saved is not None  # just written
    return saved


def file_notice(
    store: Store, actor: User, case_id: int, step_start: date, filed_on: date | None, clock: Clock = datetime.now,
) -> None:
    """Record that the employee filed the progressive-return notice of one schedule step
    (the day it was sent). A second click records the same again."""
    with case_transaction(store, actor, case_id, "legal.notice_file", f"step {step_start.isoformat()}", clock, use=Use.PLAN_EDITS) as (q, _):
        versions = q.agreements.agreements_of(case_id)
        steps = {s.start for s in legal_track.notice_steps(versions, q.legal_report.facts_of(case_id))}
        problems = Problems()
        if step_start not in steps:
            problems.errors.append(ValidationError("legal_report.notice_no_step"))
        if filed_on is None:
            problems.add("legal_report.filed_on_required", "filed_on")
        elif filed_on > clock().date():
            problems.add("legal_report.filed_on_future", "filed_on")
        problems.raise_all()
        assert filed_on is not None  # refused above otherwise
        q.legal_report.file_notice(case_id, step_start, filed_on, actor.username, clock())


def save_safety(store: Store, actor: User, case_id: int, holds: bool, clock: Clock = datetime.now) -> None:
    """Record whether the employee holds a safety function (or one with increased vigilance,
    or an activity at a defined risk): after four weeks of absence the occupational
    physician's check before the return is then due."""
    with case_transaction(store, actor, case_id, "legal.safety_save", "yes" if holds else "no", clock, use=Use.PLAN_EDITS) as (q, _):
        q.legal_report.save_safety(case_id, holds, actor.username, clock())


def record_examination(store: Store, actor: User, case_id: int, examined_on: date | None, clock: Clock = datetime.now) -> None:
    """Record the day the occupational physician examined the employee on resuming work;
    its deadline then leaves the home list. Only for a safety function, on or after the
    return (the examination is the return's, Codex art. I.4-34), never in the future."""
    detail = examined_on.isoformat() if examined_on else ""
    with case_transaction(store, actor, case_id, "legal.examination", detail, clock, use=Use.PLAN_EDITS) as (q, case):
        problems = Problems()
        if not q.legal_report.facts_of(case_id).safety_function:
            problems.errors.append(ValidationError("legal_report.examination_no_safety"))
        back = case.actual_return or case.expected_return
        if examined_on is None:
            problems.add("legal_report.examined_on_required", "examined_on")
        elif examined_on > clock().date():
            problems.add("legal_report.examined_on_future", "examined_on")
        elif back is not None and examined_on < back:
            problems.add("legal_report.examined_on_before_return", "examined_on")
        problems.raise_all()
        assert examined_on is not None  # refused above otherwise
        q.legal_report.record_examination(case_id, examined_on, actor.username, clock())
