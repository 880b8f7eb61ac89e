"""The agreement: the re-integration plan that comes out of the joint dialogue.

A plan is a row of versions. The newest is worked on; the older ones stay on file
exactly as they were. A version goes through:

- draft: editable; the parties, the occupational physician's outcome and the goals
  are read live from the case and the joint dialogue. Every save raises its
  `revision`; a save based on an older revision is refused (two facilitators, two tabs).
- offered: handed over for signing on a date. Its text is fixed from then on: the
  parties, the outcome, the goals and the legal track are copied into it; on a Codex
  plan the employee's 14 calendar days run from the day after receipt (plan_proof). Back to a draft only while
  nobody confirmed or refused.
- signed: the employee and the manager (the employer's signatory) confirmed (name, date,
  time): locked. The facilitator may confirm as a witness; that does not count.
- refused: the employee refused with motivated reasons: locked, kept on file.
- superseded: offered but never completed, replaced by a newer version: locked.

A new version starts from the newest one, with a required reason, and the history
says per field what changed. Only what both parties may see enters the plan: the
case's parties and outcome (never a diagnosis, never a note), what is written into
the plan itself, and the goals of the joint dialogue.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime

from . import legal_track, phases, scan
from .accounts import Clock

# The pure rules live in agreement_rules; callers keep reading them through `agreement`.
from .agreement_rules import (  # noqa: F401
    ANSWER_DAYS,
    HOURS_TOLERANCE,
    MAX_CONTRACT_HOURS,
    MAX_FOLLOW_UPS,
    MAX_NAME,
    MAX_ROWS,
    MAX_SHORT_TEXT,
    MAX_TEXT,
    Decision,
    answer_deadline,
    changes,
    check_adjustment,
    check_period,
    check_ready,
    checked_text,
    days_left,
    decision,
    describe_adjustment,
    describe_goal,
    describe_period,
    edited_period,
    fitted_schedule,
    placed_row,
    proposal,
    proposed_follow_ups,
    rebased_schedule,
    return_date,
    validate_content,
    validate_schedule,
    without_row,
)
from .allowed import Use
from .errors import NotFound, Problems, ValidationError
from .formats import day
from .model import (
    AgreementContent,
    AgreementStatus,
    AgreementVersion,
    AnswerRoute,
    Case,
    Goal,
    PlanParties,
    Refusal,
    SchedulePeriod,
    Signature,
    Signer,
    User,
)
from .moments import adopt_plan
from .services import case_transaction, remember, repeat_of
from .storage import Queries, Store

# --- use cases -----------------------------------------------------------------------


@dataclass(frozen=True)
class AgreementFile:
    """The plan of one case: every version, oldest first, a draft filled in live."""

    case: Case
    versions: tuple[AgreementVersion, ...]

    @property
    def current(self) -> AgreementVersion | None:
        return self.versions[-1] if self.versions else None

    def version(self, number: int) -> AgreementVersion:
        for version in self.versions:
            if version.number == number:
                return version
        raise NotFound("agreement.version_not_found")

    def previous(self, version: AgreementVersion) -> AgreementVersion | None:
        earlier = [v for v in self.versions if v.number < version.number]
        return earlier[-1] if earlier else None


def _live_parties(case: Case, actor: User) -> PlanParties:
    # Only the case's own facilitator gets this far (case_transaction), so it is the actor.
    return PlanParties(case.employee, case.manager, actor.name, case.assessment)


def _live_goals(q: Queries, case_id: int) -> tuple[Goal, ...]:
    """The goals of the joint dialogue as they stand (what `dialogue.goals` answers),
    read inside the plan's own transaction so that offering copies exactly these."""
    return tuple(q.dialogue.plan_goals_of(case_id))


def _versions(q: Queries, case: Case, actor: User) -> tuple[AgreementVersion, ...]:
    versions = q.agreements.agreements_of(case.id)
    if any(v.status is AgreementStatus.DRAFT for v in versions):
        live, goals = _live_parties(case, actor), _live_goals(q, case.id)
        versions = [replace(v, parties=live, goals=goals) if v.status is AgreementStatus.DRAFT else v for v in versions]
    return tuple(versions)


def load(store: Store, actor: User, case_id: int, clock: Clock = datetime.now) -> AgreementFile:
    with case_transaction(store, actor, case_id, "case.view", "agreement", clock, use=Use.PLAN) as (q, case):
        return AgreementFile(case, _versions(q, case, actor))


def file_of(q: Queries, case: Case, facilitator: User) -> AgreementFile:
    """The case's plan as `load` gives it to `facilitator`, inside a transaction the
    caller already checked (the case export)."""
    return AgreementFile(case, _versions(q, case, facilitator))


def _version(q: Queries, case: Case, actor: User, number: int) -> AgreementVersion:
    for version in _versions(q, case, actor):
        if version.number == number:
            return version
    raise NotFound("agreement.version_not_found")


def _draft(q: Queries, case: Case, actor: User, number: int) -> AgreementVersion:
    version = _version(q, case, actor, number)
    if version.locked:
        raise ValidationError("agreement.locked", field="form", number=number)
    return version


def start(
    store: Store, actor: User, case_id: int, clock: Clock = datetime.now, request: str | None = None
) -> AgreementVersion:
    """Version 1, as a draft with the proposed follow-up dates; only once per case.
    The same `request` again (a double click) returns it rather than refusing."""
    with case_transaction(store, actor, case_id, "agreement.start", "version 1", clock, use=Use.PLAN_EDITS) as (q, case):
        if repeat_of(q, actor, request, "agreement.start")[0]:
            return _version(q, case, actor, 1)
        remember(q, actor, request, "agreement.start", case_id, 1, clock())
        if q.agreements.agreements_of(case_id):
            raise ValidationError("agreement.already_started", field="form")
        contact = q.intake.contact_agreement(case_id)
        content = proposal(case, contact.colleagues_message if contact else "")
        q.agreements.insert_agreement(case_id, 1, "", content, actor.username, clock())
        return _version(q, case, actor, 1)


def new_version(
    store: Store, actor: User, case_id: int, reason: str, clock: Clock = datetime.now, request: str | None = None
) -> AgreementVersion:
    """A new draft that starts from the newest version; that one stays on file as it is.
    An offered version nobody completed is marked superseded. The same `request` again
    (a double click) returns the version it made."""
    reason = check_reason(reason)
    with case_transaction(store, actor, case_id, "agreement.new_version", "from the newest version", clock, use=Use.PLAN_EDITS) as (q, case):
        done, made = repeat_of(q, actor, request, "agreement.new_version")
        if done:
            return _version(q, case, actor, made)
        version = open_new_version(q, case, actor, reason, clock())
        remember(q, actor, request, "agreement.new_version", case_id, version.number, clock())
        return version


def check_reason(reason: str, field: str = "reason") -> str:
    return checked_text(reason, field, MAX_TEXT, required=True)


def open_new_version(q: Queries, case: Case, actor: User, reason: str, now: datetime, field: str = "reason") -> AgreementVersion:
    """The step of `new_version` inside a caller's transaction; a follow-up that decides
    to adjust the plan takes it together with its own record."""
    versions = q.agreements.agreements_of(case.id)
    if not versions:
        raise ValidationError("agreement.not_started", field=field)
    latest = versions[-1]
    if latest.status is AgreementStatus.DRAFT:
        raise ValidationError("agreement.draft_open", field=field, number=latest.number)
    if latest.status is AgreementStatus.OFFERED:
        q.agreements.set_agreement_status(latest.id, AgreementStatus.SUPERSEDED, AgreementStatus.OFFERED, actor.username, now)
    q.agreements.insert_agreement(case.id, latest.number + 1, reason, latest.content, actor.username, now)
    return _version(q, case, actor, latest.number + 1)


def _chart_moment(store: Store, actor: User, case_id: int, moment_id: int | None, clock: Clock) -> None:
    if moment_id is None:
        return
    compared = {r.moment.id for r in scan.results(store, actor, case_id, clock=clock) if r.comparison}
    if moment_id not in compared:
        raise ValidationError("agreement.unknown_chart_moment", field="chart_moment_id")


def save_draft(
    store: Store, actor: User, case_id: int, number: int, content: AgreementContent, expected_revision: int,
    clock: Clock = datetime.now,
) -> AgreementVersion:
    """Save the draft; refused when it was offered or saved by someone else meanwhile."""
    content = validate_content(content, draft=True)
    _chart_moment(store, actor, case_id, content.chart_moment_id, clock)
    with case_transaction(store, actor, case_id, "agreement.save", f"version {number}", clock, use=Use.PLAN_EDITS) as (q, case):
        version = _draft(q, case, actor, number)
        if not q.agreements.save_agreement_content(version.id, content, expected_revision, actor.username, clock()):
            raise ValidationError("agreement.changed_meanwhile", field="form")
        return _version(q, case, actor, number)


def save_details(
    store: Store, actor: User, case_id: int, number: int, details: AgreementContent, expected_revision: int,
    clock: Clock = datetime.now,
) -> AgreementVersion:
    """The plan's fields around its adjustments, its schedule and its follow-up dates
    (validity, support, the scan comparison); those three and the contract hours stay as
    stored, whatever `details` holds, since they have forms of their own."""
    _chart_moment(store, actor, case_id, details.chart_moment_id, clock)

    def change(content: AgreementContent) -> AgreementContent:
        return replace(
            details, contract_hours=content.contract_hours, adjustments=content.adjustments, schedule=content.schedule,
            follow_ups=content.follow_ups,
        )

    return _change_draft(store, actor, case_id, number, expected_revision, "details", change, clock)


def _change_draft(
    store: Store, actor: User, case_id: int, number: int, expected_revision: int, detail: str,
    change: Callable[[AgreementContent], AgreementContent], clock: Clock,
) -> AgreementVersion:
    """One change to a draft, in one transaction: applied to the draft as stored, the
    whole plan checked again, saved only when nobody saved it meanwhile."""
    with case_transaction(store, actor, case_id, "agreement.save", f"version {number} {detail}", clock, use=Use.PLAN_EDITS) as (q, case):
        version = _draft(q, case, actor, number)
        if version.revision != expected_revision:
            raise ValidationError("agreement.changed_meanwhile", field="form")
        content = validate_content(change(version.content), draft=True)
        if not q.agreements.save_agreement_content(version.id, content, expected_revision, actor.username, clock()):
            raise ValidationError("agreement.changed_meanwhile", field="form")
        return _version(q, case, actor, number)


def save_adjustment(
    store: Store, actor: User, case_id: int, number: int, position: int | None,
    area: str | None, aim: str | None, text: str | None, expected_revision: int, clock: Clock = datetime.now,
) -> AgreementVersion:
    """Add an adjustment (`position` None) or change the one at `position` (0-based)."""
    adjustment = check_adjustment(area, aim, text)

    def change(content: AgreementContent) -> AgreementContent:
        if position is None and len(content.adjustments) >= MAX_ROWS:
            raise ValidationError("agreement.too_many_rows", field="form", max=MAX_ROWS)
        return replace(content, adjustments=placed_row(content.adjustments, position, adjustment))

    return _change_draft(store, actor, case_id, number, expected_revision, "adjustment", change, clock)


def remove_adjustment(
    store: Store, actor: User, case_id: int, number: int, position: int, expected_revision: int, clock: Clock = datetime.now,
) -> AgreementVersion:
    def change(content: AgreementContent) -> AgreementContent:
        return replace(content, adjustments=without_row(content.adjustments, position))

    return _change_draft(store, actor, case_id, number, expected_revision, "adjustment removed", change, clock)


def save_period(
    store: Store, actor: User, case_id: int, number: int, position: int | None, period: SchedulePeriod,
    expected_revision: int, clock: Clock = datetime.now,
) -> AgreementVersion:
    """Add a period of the progressive start (`position` None) or change the one at
    `position` (0-based, in date order); the schedule stays in date order."""

    def change(content: AgreementContent) -> AgreementContent:
        if position is None and len(content.schedule) >= MAX_ROWS:
            raise ValidationError("agreement.too_many_rows", field="form", max=MAX_ROWS)
        saved = content.schedule[position] if position is not None and 0 <= position < len(content.schedule) else None
        checked = check_period(edited_period(saved, period), content.contract_hours)
        schedule = placed_row(content.schedule, position, checked)
        at = len(content.schedule) if position is None else position
        return replace(content, schedule=fitted_schedule(schedule, at, content))

    return _change_draft(store, actor, case_id, number, expected_revision, "period", change, clock)


def remove_period(
    store: Store, actor: User, case_id: int, number: int, position: int, expected_revision: int, clock: Clock = datetime.now,
) -> AgreementVersion:
    """Remove a period; the ones after it keep their dates, so a gap it leaves is said."""

    def change(content: AgreementContent) -> AgreementContent:
        return replace(content, schedule=without_row(content.schedule, position))

    return _change_draft(store, actor, case_id, number, expected_revision, "period removed", change, clock)


def add_follow_up(
    store: Store, actor: User, case_id: int, number: int, on_date: date | None, expected_revision: int,
    clock: Clock = datetime.now,
) -> AgreementVersion:
    if on_date is None:
        raise ValidationError("agreement.follow_up_date_required", field="on_date")

    def change(content: AgreementContent) -> AgreementContent:
        if on_date in content.follow_ups:
            raise ValidationError("agreement.follow_up_twice", field="on_date")
        if len(content.follow_ups) >= MAX_FOLLOW_UPS:
            raise ValidationError("agreement.too_many_rows", field="on_date", max=MAX_FOLLOW_UPS)
        return replace(content, follow_ups=tuple(sorted((*content.follow_ups, on_date))))

    return _change_draft(store, actor, case_id, number, expected_revision, "follow-up date", change, clock)


def remove_follow_up(
    store: Store, actor: User, case_id: int, number: int, on_date: date, expected_revision: int, clock: Clock = datetime.now,
) -> AgreementVersion:
    def change(content: AgreementContent) -> AgreementContent:
        if on_date not in content.follow_ups:
            raise ValidationError("agreement.row_gone", field="form")
        return replace(content, follow_ups=tuple(d for d in content.follow_ups if d != on_date))

    return _change_draft(store, actor, case_id, number, expected_revision, "follow-up date removed", change, clock)


def set_contract_hours(
    store: Store, actor: User, case_id: int, number: int, hours: float | None, expected_revision: int,
    clock: Clock = datetime.now,
) -> AgreementVersion:
    """The contractual hours per week; the periods keep their hours, their percentages follow."""
    if hours is None:
        raise ValidationError("agreement.contract_hours_needed", field="contract_hours")

    def change(content: AgreementContent) -> AgreementContent:
        return replace(content, contract_hours=hours, schedule=rebased_schedule(content.schedule))

    return _change_draft(store, actor, case_id, number, expected_revision, "contract hours", change, clock)


def check_offer_date(offered_on: date | None, today: date, received_on: date | None = None) -> None:
    """The offer's date, and the day the employee received the plan when known: both
    given at once, neither in the future, the receipt not before the offer."""
    problems = Problems()
    if offered_on is None:
        problems.add("agreement.required", field="offered_on")
    elif offered_on > today:
        problems.add("agreement.offered_in_future", field="offered_on")
    if received_on is not None:
        problems.check(check_receipt_date, received_on, offered_on, today)
    problems.raise_all()


def check_receipt_date(received_on: date | None, offered_on: date | None, today: date) -> date:
    if received_on is None:
        raise ValidationError("legal_answer.received_required", field="received_on")
    if received_on > today:
        raise ValidationError("legal_answer.received_in_future", field="received_on")
    if offered_on is not None and received_on < offered_on:
        raise ValidationError("legal_answer.received_before_offer", field="received_on", offered=day(offered_on))
    return received_on


def offer(
    store: Store, actor: User, case_id: int, number: int, offered_on: date, expected_revision: int,
    clock: Clock = datetime.now, received_on: date | None = None,
) -> AgreementVersion:
    """Hand the draft over for signing: its text is fixed. On a Codex plan the employee's
    14 days start the day after they received it (`received_on`, or recorded later)."""
    check_offer_date(offered_on, clock().date(), received_on)
    with case_transaction(store, actor, case_id, "agreement.offer", f"version {number}", clock, use=Use.PLAN_EDITS) as (q, case):
        case = offer_step(q, case, actor, number, offered_on, expected_revision, clock(), received_on)
        return _version(q, case, actor, number)


def offer_step(
    q: Queries, case: Case, actor: User, number: int, offered_on: date, expected_revision: int, now: datetime,
    received_on: date | None = None,
) -> Case:
    """The step of `offer` inside a caller's transaction (the hand-over codes are made
    with it: reset_core.plan_answer.offer). The case's legal track is frozen into the
    version: changing the track later does not rewrite what was offered."""
    version = _draft(q, case, actor, number)
    if version.revision != expected_revision:
        raise ValidationError("agreement.changed_meanwhile", field="form")
    check_ready(version.content)
    track = q.legal.track_of(case.id)
    # Lowering demands alone did not prevent relapse: such a plan needs the recorded reason.
    legal_track.check_growth(version.content.adjustments, track)
    validate_content(version.content)
    parties = _live_parties(case, actor)
    # The 14 days are the Codex plan's only, and run from the day after receipt.
    codex = legal_track.is_codex_plan(track, parties.assessment)
    answer_by = legal_track.answer_due(received_on) if codex and received_on else None
    if not q.agreements.offer_agreement(
        version.id, expected_revision, parties, list(_live_goals(q, case.id)),
        offered_on, answer_by, actor.username, now, received_on, track,
    ):
        raise ValidationError("agreement.changed_meanwhile", field="form")
    return phases.apply(q, case, now, actor.username)


def can_reopen(version: AgreementVersion) -> bool:
    """An offered text goes back to a draft only while nobody confirmed or refused it:
    a confirmation is given to a text, which must not change under it."""
    return version.status is AgreementStatus.OFFERED and not version.signatures and not version.refused_at


def reopen(store: Store, actor: User, case_id: int, number: int, clock: Clock = datetime.now) -> AgreementVersion:
    """Back to a draft, as long as `can_reopen`."""
    with case_transaction(store, actor, case_id, "agreement.reopen", f"version {number}", clock, use=Use.PLAN_EDITS) as (q, case):
        version = _version(q, case, actor, number)
        if not can_reopen(version):
            raise ValidationError("agreement.cannot_reopen", field="form")
        if not q.agreements.reopen_agreement(version.id, actor.username, clock()):
            raise ValidationError("agreement.cannot_reopen", field="form")
        case = phases.apply(q, case, clock(), actor.username)
        return _version(q, case, actor, number)


def offered_version(q: Queries, case: Case, actor: User, number: int, field: str) -> AgreementVersion:
    version = _version(q, case, actor, number)
    if version.status is AgreementStatus.DRAFT:
        raise ValidationError("agreement.not_offered", field=field)
    if version.status is not AgreementStatus.OFFERED:
        raise ValidationError("agreement.locked", field=field, number=number)
    return version


def check_paper_date(paper_date: date | None, version: AgreementVersion, today: date, field: str) -> date:
    """The date on a paper signature or refusal: given, not before the plan was offered,
    not in the future."""
    if paper_date is None:
        raise ValidationError("plan_answer.paper_date_required", field=field)
    if paper_date > today:
        raise ValidationError("plan_answer.paper_date_future", field=field)
    if version.offered_on and paper_date < version.offered_on:
        raise ValidationError("plan_answer.paper_date_before_offer", field=field, offered=day(version.offered_on))
    return paper_date


# Who must sign for a version to be signed: the employee and, for the employer, its
# authorised representative (the manager's signature). The facilitator may confirm as a
# witness, before or after, but never as a party: it does not count toward the lock.
PARTY_SIGNERS = frozenset({Signer.EMPLOYEE, Signer.MANAGER})


def add_signature(q: Queries, case: Case, version: AgreementVersion, signature: Signature, by: str, now: datetime) -> Case:
    """One confirmation on an offered version, inside the caller's transaction; with both
    parties' the version is signed and locked and its follow-ups planned (the facilitator's
    witness confirmation may come before or after). `by`: who it is logged under (a
    facilitator, or a party's link)."""
    q.agreements.add_signature(version.id, case.id, signature)
    signers = {s.signer for s in version.signatures} | {signature.signer}
    if version.status is AgreementStatus.OFFERED and signature.signer in PARTY_SIGNERS and PARTY_SIGNERS <= signers:
        q.agreements.set_agreement_status(version.id, AgreementStatus.SIGNED, AgreementStatus.OFFERED, by, now)
        adopt_plan(q, case, version.content.follow_ups, by, now)
        case = phases.apply(q, case, now, by)
    return case


def sign(
    store: Store, actor: User, case_id: int, number: int, signer: Signer, name: str, *, confirmed: bool,
    paper_date: date | None = None, clock: Clock = datetime.now,
) -> AgreementVersion:
    """The facilitator's own confirmation, or a party's PAPER signature recorded by the
    facilitator: the date on the paper is required and the signature is marked as such.
    (A party answers without paper through their own space: reset_core.plan_answer.)
    The employee's signature is their agreement. With the employee's and the manager's
    (the employer's signatory) the version is signed and locked; the facilitator's is a
    witness's, also on a signed version."""
    signer = Signer(signer)
    field = f"sign_{signer.value}"
    problems = Problems()
    name = problems.check(checked_text, name, field, MAX_NAME, required=True)
    if not confirmed:
        problems.add("agreement.tick_to_confirm" if signer is Signer.FACILITATOR else "plan_answer.tick_paper", field=f"{field}_tick")
    if signer is Signer.FACILITATOR:
        paper_date = None
    with case_transaction(store, actor, case_id, "agreement.sign", f"version {number} {signer.value}", clock, use=Use.PLAN_EDITS) as (q, case):
        version = _version(q, case, actor, number)
        # The witness may confirm a plan the parties already signed: it changes nothing of it.
        if not (signer is Signer.FACILITATOR and version.status is AgreementStatus.SIGNED):
            version = offered_version(q, case, actor, number, field)
        if version.signature(signer):
            raise ValidationError("agreement.already_signed", field=field)
        now = clock()
        if signer is not Signer.FACILITATOR:
            problems.check(check_paper_date, paper_date, version, now.date(), f"{field}_paper_date")
        problems.raise_all()
        route = AnswerRoute.OWN if signer is Signer.FACILITATOR else AnswerRoute.PAPER
        case = add_signature(q, case, version, Signature(signer, name, now, actor.username, route, paper_date), actor.username, now)
        return _version(q, case, actor, number)


def refuse(
    store: Store, actor: User, case_id: int, number: int, reasons: str, paper_date: date | None = None,
    clock: Clock = datetime.now,
) -> AgreementVersion:
    """The employee's refusal ON PAPER, recorded by the facilitator with the paper's date;
    the reasons are required. The version is locked and stays on file; a new version can
    start from it. (Through their space: reset_core.plan_answer.)"""
    problems = Problems()
    reasons = problems.check(checked_text, reasons, "refusal_reasons", MAX_TEXT)
    if reasons == "":
        problems.add("agreement.refusal_reasons_required", field="refusal_reasons")
    with case_transaction(store, actor, case_id, "agreement.refuse", f"version {number}", clock, use=Use.PLAN_EDITS) as (q, case):
        version = offered_version(q, case, actor, number, "refusal_reasons")
        if version.signature(Signer.EMPLOYEE):
            raise ValidationError("agreement.employee_already_agreed", field="refusal_reasons")
        now = clock()
        problems.check(check_paper_date, paper_date, version, now.date(), "refusal_paper_date")
        problems.raise_all()
        refusal = Refusal(version.parties.employee.name, AnswerRoute.PAPER, actor.username, paper_date)
        if not q.agreements.refuse_agreement(version.id, reasons, refusal, now):
            raise ValidationError("agreement.changed_meanwhile", field="refusal_reasons")
        return _version(q, case, actor, number)
