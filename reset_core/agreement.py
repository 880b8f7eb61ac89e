"""The agreement: the re-integration plan that comes out of the joint dialogue.

A plan is a row of versions. The newest is worked on; the older ones stay on file
exactly as they were. A version goes through:

- draft: editable; the parties, the occupational physician's outcome and the goals
  are read live from the case and the joint dialogue. Every save raises its
  `revision`; a save based on an older revision is refused (two facilitators, two tabs).
- offered: handed over for signing on a date. Its text is fixed from then on: the
  parties, the outcome and the goals are copied into it, and the employee's 14
  calendar days to agree or to refuse with reasons start. Back to a draft only while
  nobody confirmed or refused.
- signed: employee, manager and facilitator each confirmed (name, date, time): locked.
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
from datetime import date, datetime, timedelta

from . import phases, scan, validation
from .accounts import Clock
from .allowed import Use
from .errors import NotFound, ValidationError, ValidationErrors
from .formats import day, number, theme_name
from .i18n import translate
from .model import (
    AdjustmentArea,
    AgreementContent,
    AgreementStatus,
    AgreementVersion,
    Case,
    CraftingAim,
    Goal,
    PlanAdjustment,
    PlanParties,
    SchedulePeriod,
    Signature,
    Signer,
    User,
)
from .moments import adopt_plan, proposed_schedule
from .services import case_transaction, remember, repeat_of
from .storage import Queries, Store

ANSWER_DAYS = 14  # the employee's calendar days to agree or refuse with reasons
MAX_CONTRACT_HOURS = 60.0
HOURS_TOLERANCE = 0.5  # hours and percentage given together may differ this much
MAX_NAME = 100
MAX_SHORT_TEXT = 200
MAX_TEXT = 2000
MAX_ROWS = 40  # adjustments, periods
MAX_FOLLOW_UPS = 12


# --- pure rules ----------------------------------------------------------------------


def return_date(case: Case) -> date | None:
    return case.actual_return or case.expected_return


def proposed_follow_ups(case: Case) -> tuple[date, ...]:
    """3, 6 and 9 months after the return (the actual one, or else the expected one)."""
    start = return_date(case)
    return tuple(m.due_on for m in proposed_schedule(start)) if start else ()


def proposal(case: Case, colleagues_message: str = "") -> AgreementContent:
    """What a first version starts from: the follow-up dates and a validity period."""
    follow_ups = proposed_follow_ups(case)
    return AgreementContent(
        follow_ups=follow_ups,
        valid_from=return_date(case),
        valid_until=follow_ups[-1] if follow_ups else None,
        colleagues_message=colleagues_message,
    )


def answer_deadline(offered_on: date) -> date:
    return offered_on + timedelta(days=ANSWER_DAYS)


def _text(value: str, field: str, limit: int, required: bool = False) -> str:
    return validation.text(value, field, limit, "agreement", required)


def _weekdays_between(before: date, after: date) -> int:
    """Working days (Monday to Friday) strictly between two dates."""
    day, count = before + timedelta(days=1), 0
    while day < after:
        count += day.weekday() < 5
        day += timedelta(days=1)
    return count


def _hours(period: SchedulePeriod, row: int, contract: float | None) -> tuple[float, float]:
    hours, percent = period.hours_per_week, period.percent
    if hours is None and percent is None:
        raise ValidationError("agreement.period_hours_required", field="schedule", row=row)
    if contract is None:
        raise ValidationError("agreement.contract_hours_needed", field="contract_hours")
    if (hours is not None and hours <= 0) or (percent is not None and percent <= 0):
        raise ValidationError("agreement.period_hours_positive", field="schedule", row=row)
    if hours is None:
        hours = round(contract * percent / 100, 2)
    elif percent is None:
        percent = round(hours / contract * 100, 1)
    elif abs(hours - contract * percent / 100) > HOURS_TOLERANCE:
        raise ValidationError("agreement.period_hours_percent_differ", field="schedule", row=row)
    if hours <= 0 or percent <= 0:  # a tiny percentage can round to no hours at all
        raise ValidationError("agreement.period_hours_positive", field="schedule", row=row)
    if hours > contract or percent > 100:
        raise ValidationError(
            "agreement.period_above_contract", field="schedule", row=row,
            hours=number(hours), contract=number(contract),
        )
    return float(hours), float(percent)


def validate_schedule(
    periods: tuple[SchedulePeriod, ...] | list[SchedulePeriod], contract_hours: float | None, *, gaps: bool = False,
) -> tuple[SchedulePeriod, ...]:
    """The progressive start, in date order, or the first problem with its row number.

    Every period has a start and an end (the end not before the start), hours per week
    or a percentage of the contract (one is derived from the other; never above the
    contract), and at most 7 days a week. Periods follow each other without overlap
    and without a gap: the next starts the day after the previous ends, or on the
    Monday after a period that ends on a Friday or a Saturday (only a weekend may lie
    between two periods). A draft may keep a gap (`gaps`), left by a removed period
    while the next one is being moved; a plan handed over for signing may not.
    """
    if len(periods) > MAX_ROWS:
        raise ValidationError("agreement.too_many_rows", field="schedule", max=MAX_ROWS)
    checked: list[tuple[int, SchedulePeriod]] = []
    for row, period in enumerate(periods, 1):
        if period.start is None or period.end is None:
            raise ValidationError("agreement.period_dates_required", field="schedule", row=row)
        if period.end < period.start:
            raise ValidationError("agreement.period_end_before_start", field="schedule", row=row)
        hours, percent = _hours(period, row, contract_hours)
        days = period.days_per_week
        if days is not None and not 0 < days <= 7:
            raise ValidationError("agreement.period_days_range", field="schedule", row=row)
        tasks = _text(period.tasks, "schedule", MAX_TEXT)
        checked.append((row, SchedulePeriod(period.start, period.end, hours, percent, days, tasks)))
    checked.sort(key=lambda item: item[1].start)
    for (row_a, a), (row_b, b) in zip(checked, checked[1:]):
        if b.start <= a.end:
            raise ValidationError("agreement.period_overlap", field="schedule", row=row_b, other=row_a)
        if not gaps and _weekdays_between(a.end, b.start):
            raise ValidationError("agreement.period_gap", field="schedule", row=row_b, other=row_a)
    return tuple(period for _, period in checked)


def validate_content(content: AgreementContent, *, draft: bool = False) -> AgreementContent:
    """The plan's fields, trimmed and in order; or the first problem, tied to its field.
    A `draft` may still have a gap in its schedule."""
    c = content
    contract = c.contract_hours
    if contract is not None and not 0 < contract <= MAX_CONTRACT_HOURS:
        raise ValidationError("agreement.contract_hours_range", field="contract_hours", max=number(MAX_CONTRACT_HOURS))
    if len(c.adjustments) > MAX_ROWS:
        raise ValidationError("agreement.too_many_rows", field="adjustments", max=MAX_ROWS)
    adjustments = []
    for row, adjustment in enumerate(c.adjustments, 1):
        try:
            area, aim = AdjustmentArea(adjustment.area), CraftingAim(adjustment.aim)
        except ValueError:
            raise ValidationError("agreement.adjustment_kind_required", field="adjustments", row=row) from None
        text = (adjustment.text or "").strip()
        if not text:
            raise ValidationError("agreement.adjustment_text_required", field="adjustments", row=row)
        adjustments.append(PlanAdjustment(area, aim, _text(text, "adjustments", MAX_TEXT)))
    if c.valid_from and c.valid_until and c.valid_until < c.valid_from:
        raise ValidationError("agreement.validity_order", field="valid_until")
    schedule = validate_schedule(c.schedule, contract, gaps=draft)
    if schedule and c.valid_from and schedule[0].start < c.valid_from:
        raise ValidationError("agreement.schedule_outside_validity", field="schedule")
    if schedule and c.valid_until and schedule[-1].end > c.valid_until:
        raise ValidationError("agreement.schedule_outside_validity", field="schedule")
    if any(d is None for d in c.follow_ups):
        raise ValidationError("agreement.follow_up_date_required", field="follow_ups")
    follow_ups = tuple(sorted(c.follow_ups))
    if len(set(follow_ups)) != len(follow_ups):
        raise ValidationError("agreement.follow_up_twice", field="follow_ups")
    if len(follow_ups) > MAX_FOLLOW_UPS:
        raise ValidationError("agreement.too_many_rows", field="follow_ups", max=MAX_FOLLOW_UPS)
    return replace(
        c,
        contract_hours=float(contract) if contract is not None else None,
        adjustments=tuple(adjustments),
        schedule=schedule,
        buddy=_text(c.buddy, "buddy", MAX_SHORT_TEXT),
        coaching=_text(c.coaching, "coaching", MAX_TEXT),
        training=_text(c.training, "training", MAX_TEXT),
        colleagues_message=_text(c.colleagues_message, "colleagues_message", MAX_TEXT),
        colleagues_told_by=_text(c.colleagues_told_by, "colleagues_told_by", MAX_SHORT_TEXT),
        contact=_text(c.contact, "contact", MAX_TEXT),
        follow_ups=follow_ups,
    )


def check_ready(content: AgreementContent) -> None:
    """What a plan needs before it is handed over for signing, on top of `validate_content`."""
    if not content.adjustments and not content.schedule:
        raise ValidationError("agreement.plan_empty", field="adjustments")
    if content.contract_hours is None:
        raise ValidationError("agreement.contract_hours_needed", field="contract_hours")
    if content.valid_from is None:
        raise ValidationError("agreement.validity_required", field="valid_from")
    if content.valid_until is None:
        raise ValidationError("agreement.validity_required", field="valid_until")
    if not content.follow_ups:
        raise ValidationError("agreement.follow_ups_required", field="follow_ups")


# --- one adjustment, one period at a time --------------------------------------------
# The plan's page edits its adjustments and the periods of the progressive start one by
# one, each in a form of its own: an incomplete one is refused with all its problems next
# to its fields and the rest of the plan stays as it was.


def check_adjustment(area: str | None, aim: str | None, text: str | None) -> PlanAdjustment:
    """One adjustment as typed, or every problem with it at once, per field."""
    errors: list[ValidationError] = []
    try:
        area = AdjustmentArea(area)
    except ValueError:
        errors.append(ValidationError("agreement.adjustment_area_missing", field="area"))
    try:
        aim = CraftingAim(aim)
    except ValueError:
        errors.append(ValidationError("agreement.adjustment_aim_missing", field="aim"))
    try:
        text = validation.text(text, "text", MAX_TEXT, "agreement", required=True, required_key="agreement.adjustment_text_missing")
    except ValidationError as error:
        errors.append(error)
    if errors:
        raise ValidationErrors(errors)
    return PlanAdjustment(area, aim, text)


def edited_period(saved: SchedulePeriod | None, typed: SchedulePeriod) -> SchedulePeriod:
    """A saved period holds both its hours and its percentage. When only one of them was
    changed, the other is derived again, so that a single change never reads as a
    contradiction; when both changed, they are checked against each other."""
    if saved is None:
        return typed
    hours_changed = typed.hours_per_week != saved.hours_per_week
    percent_changed = typed.percent != saved.percent
    if hours_changed and not percent_changed:
        return replace(typed, percent=None)
    if percent_changed and not hours_changed:
        return replace(typed, hours_per_week=None)
    return typed


def check_period(period: SchedulePeriod, contract_hours: float | None) -> SchedulePeriod:
    """One period as typed, complete (hours and percentage both filled in), or every
    problem with it at once, per field. How it fits between the other periods is
    `validate_schedule`'s part."""
    errors: list[ValidationError] = []
    start, end = period.start, period.end
    if start is None:
        errors.append(ValidationError("agreement.period_start_missing", field="start"))
    if end is None:
        errors.append(ValidationError("agreement.period_end_missing", field="end"))
    elif start is not None and end < start:
        errors.append(ValidationError("agreement.period_end_first", field="end"))
    days = period.days_per_week
    if days is not None and not 0 < days <= 7:
        errors.append(ValidationError("agreement.period_days_between", field="days"))
    try:
        tasks = validation.text(period.tasks, "tasks", MAX_TEXT, "agreement")
    except ValidationError as error:
        errors.append(error)
    hours, percent = period.hours_per_week, period.percent
    if contract_hours is None:
        errors.append(ValidationError("agreement.period_contract_first", field="hours"))
    elif hours is None and percent is None:
        errors.append(ValidationError("agreement.period_hours_missing", field="hours"))
    else:
        if hours is not None and hours <= 0:
            errors.append(ValidationError("agreement.period_above_zero", field="hours"))
        if percent is not None and percent <= 0:
            errors.append(ValidationError("agreement.period_above_zero", field="percent"))
        if not any(e.field in ("hours", "percent") for e in errors):
            if hours is None:
                hours = round(contract_hours * percent / 100, 2)
            elif percent is None:
                percent = round(hours / contract_hours * 100, 1)
            elif abs(hours - contract_hours * percent / 100) > HOURS_TOLERANCE:
                errors.append(ValidationError("agreement.period_hours_percent_mismatch", field="percent", contract=number(contract_hours)))
            if hours <= 0 or percent <= 0:
                errors.append(ValidationError("agreement.period_above_zero", field="hours"))
            elif hours > contract_hours or percent > 100:
                errors.append(ValidationError("agreement.period_hours_above", field="hours", hours=number(hours), contract=number(contract_hours)))
    if errors:
        raise ValidationErrors(errors)
    return SchedulePeriod(start, end, float(hours), float(percent), days, tasks)


def rebased_schedule(schedule: tuple[SchedulePeriod, ...]) -> tuple[SchedulePeriod, ...]:
    """A new contract total keeps every period's hours; the percentages follow."""
    return tuple(replace(p, percent=None) if p.hours_per_week is not None else p for p in schedule)


def _placed(rows: tuple, position: int | None, row) -> tuple:
    """`rows` with `row` at `position` (0-based), or added at the end for None."""
    if position is None:
        return (*rows, row)
    if not 0 <= position < len(rows):
        raise ValidationError("agreement.row_gone", field="form")
    return (*rows[:position], row, *rows[position + 1:])


def _without(rows: tuple, position: int) -> tuple:
    if not 0 <= position < len(rows):
        raise ValidationError("agreement.row_gone", field="form")
    return (*rows[:position], *rows[position + 1:])


def _fitted(schedule: tuple[SchedulePeriod, ...], position: int, content: AgreementContent) -> tuple[SchedulePeriod, ...]:
    """The schedule with its edited period at `position`, in date order; the problems of
    its place among the others said about this period ("it overlaps period 1")."""
    ours = schedule[position]
    try:
        checked = validate_schedule(schedule, content.contract_hours, gaps=True)
    except ValidationError as error:
        if error.key == "agreement.period_overlap" and position + 1 in (error.params.get("row"), error.params.get("other")):
            other = error.params["other"] if error.params["row"] == position + 1 else error.params["row"]
            raise ValidationError("agreement.period_overlaps", field="start", other=other) from None
        raise
    at = checked.index(ours)
    before = checked[at - 1] if at > 0 else None
    after = checked[at + 1] if at + 1 < len(checked) else None
    if before is not None and _weekdays_between(before.end, ours.start):
        raise ValidationError("agreement.period_gap_before", field="start", end=day(before.end))
    if after is not None and _weekdays_between(ours.end, after.start):
        raise ValidationError("agreement.period_gap_after", field="end", start=day(after.start))
    if content.valid_from and ours.start < content.valid_from:
        raise ValidationError("agreement.period_outside_validity", field="start", start=day(content.valid_from), end=day(content.valid_until) or "-")
    if content.valid_until and ours.end > content.valid_until:
        raise ValidationError("agreement.period_outside_validity", field="end", start=day(content.valid_from) or "-", end=day(content.valid_until))
    return checked


class Decision:
    """The employee's answer to an offered version."""

    PENDING = "pending"
    AGREED = "agreed"
    REFUSED = "refused"


def decision(version: AgreementVersion) -> str:
    if version.refused_at is not None:
        return Decision.REFUSED
    if version.signature(Signer.EMPLOYEE):
        return Decision.AGREED
    return Decision.PENDING


def days_left(version: AgreementVersion, today: date) -> int | None:
    """Calendar days the employee still has to answer; negative once the date passed."""
    if version.answer_by is None or decision(version) != Decision.PENDING:
        return None
    return (version.answer_by - today).days


# --- words for people ----------------------------------------------------------------


def describe_adjustment(adjustment: PlanAdjustment, lang: str) -> str:
    return " · ".join(
        (translate(f"adjustment_area.{adjustment.area.value}", lang), translate(f"crafting_aim.{adjustment.aim.value}", lang), adjustment.text)
    )


def describe_period(period: SchedulePeriod, lang: str) -> str:
    t = lambda key, **p: translate(key, lang, **p)  # noqa: E731
    parts = [f"{day(period.start)} – {day(period.end)}", t("agreement.hours_value", hours=number(period.hours_per_week, lang), percent=number(period.percent, lang))]
    if period.days_per_week is not None:
        parts.append(t("agreement.days_value", days=number(period.days_per_week, lang)))
    if period.tasks:
        parts.append(period.tasks)
    return " · ".join(parts)


def describe_goal(goal: Goal, lang: str) -> str:
    return f"{theme_name(goal.theme, lang)}: {goal.description}"


def _assessment(parties: PlanParties, lang: str) -> str:
    a = parties.assessment
    if a is None:
        return ""
    return " · ".join(x for x in (translate(f"assessment_outcome.{a.outcome.value}", lang), day(a.on_date), a.modalities) if x)


def changes(old: AgreementVersion, new: AgreementVersion, lang: str = "nl") -> list[str]:
    """What `new` changed compared with `old`, field by field, in words."""
    t = lambda key, **p: translate(key, lang, **p)  # noqa: E731
    out: list[str] = []

    def field(label: str, before: str, after: str) -> None:
        if before == after:
            return
        if not before:
            out.append(t("agreement.change_set", field=t(label), new=after))
        elif not after:
            out.append(t("agreement.change_cleared", field=t(label), old=before))
        else:
            out.append(t("agreement.change_value", field=t(label), old=before, new=after))

    a, b = old.content, new.content
    field("agreement.employee", old.parties.employee.name, new.parties.employee.name)
    field("agreement.manager", old.parties.manager.name, new.parties.manager.name)
    field("agreement.facilitator", old.parties.facilitator_name, new.parties.facilitator_name)
    field("agreement.assessment", _assessment(old.parties, lang), _assessment(new.parties, lang))
    field("agreement.valid_from", day(a.valid_from), day(b.valid_from))
    field("agreement.valid_until", day(a.valid_until), day(b.valid_until))
    field("agreement.contract_hours", number(a.contract_hours, lang), number(b.contract_hours, lang))

    before = [describe_adjustment(x, lang) for x in a.adjustments]
    after = [describe_adjustment(x, lang) for x in b.adjustments]
    out += [t("agreement.change_adjustment_removed", text=x) for x in before if x not in after]
    out += [t("agreement.change_adjustment_added", text=x) for x in after if x not in before]

    for row in range(1, max(len(a.schedule), len(b.schedule)) + 1):
        p = a.schedule[row - 1] if row <= len(a.schedule) else None
        q = b.schedule[row - 1] if row <= len(b.schedule) else None
        if p is None:
            out.append(t("agreement.change_period_added", row=row, text=describe_period(q, lang)))
        elif q is None:
            out.append(t("agreement.change_period_removed", row=row, text=describe_period(p, lang)))
        elif p != q:
            parts = []
            for label, x, y in (
                ("agreement.period_start", day(p.start), day(q.start)),
                ("agreement.period_end", day(p.end), day(q.end)),
                ("agreement.period_days", number(p.days_per_week, lang), number(q.days_per_week, lang)),
                ("agreement.period_hours", number(p.hours_per_week, lang), number(q.hours_per_week, lang)),
                ("agreement.period_percent", number(p.percent, lang), number(q.percent, lang)),
                ("agreement.period_tasks", p.tasks, q.tasks),
            ):
                if x != y:
                    parts.append(t("agreement.change_value", field=t(label), old=x or "-", new=y or "-"))
            out.append(t("agreement.change_period", row=row, text="; ".join(parts)))

    field("agreement.buddy", a.buddy, b.buddy)
    field("agreement.coaching", a.coaching, b.coaching)
    field("agreement.training", a.training, b.training)
    field("agreement.colleagues_message", a.colleagues_message, b.colleagues_message)
    field("agreement.colleagues_told_by", a.colleagues_told_by, b.colleagues_told_by)
    field("agreement.contact", a.contact, b.contact)

    goals_before = {g.id: g for g in old.goals}
    goals_after = {g.id: g for g in new.goals}
    for goal_id, goal in goals_before.items():
        if goal_id not in goals_after:
            out.append(t("agreement.change_goal_removed", text=describe_goal(goal, lang)))
    for goal_id, goal in goals_after.items():
        earlier = goals_before.get(goal_id)
        if earlier is None:
            out.append(t("agreement.change_goal_added", text=describe_goal(goal, lang)))
        elif (earlier.theme, earlier.owner, earlier.description, earlier.indicator, earlier.target) != (
            goal.theme, goal.owner, goal.description, goal.indicator, goal.target
        ):
            out.append(t("agreement.change_goal_changed", old=describe_goal(earlier, lang), new=describe_goal(goal, lang)))

    field("agreement.follow_ups", ", ".join(map(day, a.follow_ups)), ", ".join(map(day, b.follow_ups)))
    if (a.chart_moment_id is None) != (b.chart_moment_id is None):
        out.append(t("agreement.change_chart_added" if b.chart_moment_id else "agreement.change_chart_removed"))
    return out


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
    return _text(reason, field, MAX_TEXT, required=True)


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
        return replace(content, adjustments=_placed(content.adjustments, position, adjustment))

    return _change_draft(store, actor, case_id, number, expected_revision, "adjustment", change, clock)


def remove_adjustment(
    store: Store, actor: User, case_id: int, number: int, position: int, expected_revision: int, clock: Clock = datetime.now,
) -> AgreementVersion:
    def change(content: AgreementContent) -> AgreementContent:
        return replace(content, adjustments=_without(content.adjustments, position))

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
        schedule = _placed(content.schedule, position, checked)
        at = len(content.schedule) if position is None else position
        return replace(content, schedule=_fitted(schedule, at, content))

    return _change_draft(store, actor, case_id, number, expected_revision, "period", change, clock)


def remove_period(
    store: Store, actor: User, case_id: int, number: int, position: int, expected_revision: int, clock: Clock = datetime.now,
) -> AgreementVersion:
    """Remove a period; the ones after it keep their dates, so a gap it leaves is said."""

    def change(content: AgreementContent) -> AgreementContent:
        return replace(content, schedule=_without(content.schedule, position))

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


def offer(
    store: Store, actor: User, case_id: int, number: int, offered_on: date, expected_revision: int,
    clock: Clock = datetime.now,
) -> AgreementVersion:
    """Hand the draft over for signing: its text is fixed and the employee's 14 days start."""
    today = clock().date()
    if offered_on is None:
        raise ValidationError("agreement.required", field="offered_on")
    if offered_on > today:
        raise ValidationError("agreement.offered_in_future", field="offered_on")
    with case_transaction(store, actor, case_id, "agreement.offer", f"version {number}", clock, use=Use.PLAN_EDITS) as (q, case):
        version = _draft(q, case, actor, number)
        if version.revision != expected_revision:
            raise ValidationError("agreement.changed_meanwhile", field="form")
        check_ready(version.content)
        validate_content(version.content)
        if not q.agreements.offer_agreement(
            version.id, expected_revision, _live_parties(case, actor), list(_live_goals(q, case_id)),
            offered_on, answer_deadline(offered_on), actor.username, clock(),
        ):
            raise ValidationError("agreement.changed_meanwhile", field="form")
        case = phases.apply(q, case, clock(), actor.username)
        return _version(q, case, actor, number)


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


def _offered(q: Queries, case: Case, actor: User, number: int, field: str) -> AgreementVersion:
    version = _version(q, case, actor, number)
    if version.status is AgreementStatus.DRAFT:
        raise ValidationError("agreement.not_offered", field=field)
    if version.status is not AgreementStatus.OFFERED:
        raise ValidationError("agreement.locked", field=field, number=number)
    return version


def sign(
    store: Store, actor: User, case_id: int, number: int, signer: Signer, name: str, *, confirmed: bool,
    clock: Clock = datetime.now,
) -> AgreementVersion:
    """One party confirms, with their name and a deliberate tick; the time is recorded.
    The employee's confirmation is their agreement. With all three the version is
    signed and locked."""
    signer = Signer(signer)
    field = f"sign_{signer.value}"
    name = _text(name, field, MAX_NAME, required=True)
    if not confirmed:
        raise ValidationError("agreement.tick_to_confirm", field=field)
    with case_transaction(store, actor, case_id, "agreement.sign", f"version {number} {signer.value}", clock, use=Use.PLAN_EDITS) as (q, case):
        version = _offered(q, case, actor, number, field)
        if version.signature(signer):
            raise ValidationError("agreement.already_signed", field=field)
        now = clock()
        q.agreements.add_signature(version.id, case_id, Signature(signer, name, now, actor.username))
        if len(version.signatures) + 1 == len(Signer):
            q.agreements.set_agreement_status(version.id, AgreementStatus.SIGNED, AgreementStatus.OFFERED, actor.username, now)
            adopt_plan(q, case, version.content.follow_ups, actor.username, now)
            case = phases.apply(q, case, now, actor.username)
        return _version(q, case, actor, number)


def refuse(store: Store, actor: User, case_id: int, number: int, reasons: str, clock: Clock = datetime.now) -> AgreementVersion:
    """The employee does not agree; the reasons are required. The version is locked and
    stays on file; a new version can start from it."""
    reasons = _text(reasons, "refusal_reasons", MAX_TEXT)
    if not reasons:
        raise ValidationError("agreement.refusal_reasons_required", field="refusal_reasons")
    with case_transaction(store, actor, case_id, "agreement.refuse", f"version {number}", clock, use=Use.PLAN_EDITS) as (q, case):
        version = _offered(q, case, actor, number, "refusal_reasons")
        if version.signature(Signer.EMPLOYEE):
            raise ValidationError("agreement.employee_already_agreed", field="refusal_reasons")
        if not q.agreements.refuse_agreement(version.id, reasons, actor.username, clock()):
            raise ValidationError("agreement.changed_meanwhile", field="refusal_reasons")
        return _version(q, case, actor, number)

