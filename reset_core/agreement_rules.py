"""The plan's rules that need no database: the proposal a new plan starts from, what
a complete and valid plan holds (the schedule's hours and dates, each adjustment and
period), when the employee's answer is due, and the plan's changes in words.
reset_core.agreement holds the use cases and reads these for its callers."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from . import validation
from .errors import ValidationError, ValidationErrors
from .formats import day, number, theme_name
from .i18n import translate
from .model import (
    AdjustmentArea,
    AgreementContent,
    AgreementVersion,
    Case,
    CraftingAim,
    Goal,
    PlanAdjustment,
    PlanParties,
    SchedulePeriod,
    Signer,
)
from .moments import proposed_schedule

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


def checked_text(value: str, field: str, limit: int, required: bool = False) -> str:
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
        tasks = checked_text(period.tasks, "schedule", MAX_TEXT)
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
        adjustments.append(PlanAdjustment(area, aim, checked_text(text, "adjustments", MAX_TEXT)))
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
        buddy=checked_text(c.buddy, "buddy", MAX_SHORT_TEXT),
        coaching=checked_text(c.coaching, "coaching", MAX_TEXT),
        training=checked_text(c.training, "training", MAX_TEXT),
        colleagues_message=checked_text(c.colleagues_message, "colleagues_message", MAX_TEXT),
        colleagues_told_by=checked_text(c.colleagues_told_by, "colleagues_told_by", MAX_SHORT_TEXT),
        contact=checked_text(c.contact, "contact", MAX_TEXT),
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


def placed_row(rows: tuple, position: int | None, row) -> tuple:
    """`rows` with `row` at `position` (0-based), or added at the end for None."""
    if position is None:
        return (*rows, row)
    if not 0 <= position < len(rows):
        raise ValidationError("agreement.row_gone", field="form")
    return (*rows[:position], row, *rows[position + 1:])


def without_row(rows: tuple, position: int) -> tuple:
    if not 0 <= position < len(rows):
        raise ValidationError("agreement.row_gone", field="form")
    return (*rows[:position], *rows[position + 1:])


def fitted_schedule(schedule: tuple[SchedulePeriod, ...], position: int, content: AgreementContent) -> tuple[SchedulePeriod, ...]:
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
