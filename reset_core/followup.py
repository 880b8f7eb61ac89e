"""Follow-up after the return: the schedule (about 3, 6 and 9 months), the follow-up
conversations with their goal reviews, what is due, and early signs of relapse.

Early signs are transparent rules shown with their reason; they never predict and
never diagnose. They ask the facilitator to look, nothing more.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import NamedTuple

from . import agreement, allowed, checkins, legal_track, phases, scan, validation
from .accounts import Clock
from .allowed import Use
from .errors import Problems, ValidationError
from .instrument import CONTINUUM_LEVEL_IDS, load_instrument
from .model import (
    AgreementStatus,
    AgreementVersion,
    Case,
    Decision,
    DueItem,
    FollowUp,
    Goal,
    GoalReview,
    GoalStatus,
    Participants,
    Phase,
    Respondent,
    ScanMoment,
    ScanResponse,
    ScheduledMoment,
    SchedulePeriod,
    Signal,
    User,
)
from .moments import STANDARD_MONTHS, case_schedule, saved_or_proposed
from .scoring import ThemeScore
from .services import case_transaction, log_access, remember, repeat_of, require_facilitator
from .storage import Queries, Store

DUE_WINDOW_DAYS = 14
OVERDUE_SIGNAL_DAYS = 30
DROP_POINTS = 1.0
# A gap between the parties that grew by a whole point since their first compared scan.
WIDENING_POINTS = 1.0
# Hours a week above the agreed step before it is a sign: a week's ups and downs stay silent.
HOURS_MARGIN = 2.0
MAX_HOURS = 80.0
WATCHED_THEMES = ("recovery_energy", "social_support", "return_confidence")
# A self-placement that asks for a call, in every phase: before the return too, when a
# place is what the person chose to tell rather than something expected of them.
LOW_CONTINUUM = ("in_crisis", "struggling")
MAX_TEXT = 2000


def schedule(store: Store, actor: User, case_id: int, clock: Clock = datetime.now) -> list[ScheduledMoment]:
    """The saved schedule, or the proposal from the return date."""
    with case_transaction(store, actor, case_id, "case.view", "follow-up schedule", clock, use=Use.FOLLOW_UP) as (q, case):
        return case_schedule(q, case)


def save_schedule(
    store: Store, actor: User, case_id: int, moments: Sequence[ScheduledMoment], clock: Clock = datetime.now
) -> list[ScheduledMoment]:
    """Edited dates and extra moments; none before the return, no kind twice."""
    with case_transaction(store, actor, case_id, "followup.schedule", clock=clock, use=Use.FOLLOW_UP_EDITS) as (q, case):
        kinds = [m.kind for m in moments]
        if len(set(kinds)) != len(kinds):
            raise ValidationError("followup.duplicate_moment", field="schedule")
        start = case.actual_return or case.expected_return
        problems = Problems()
        for moment in moments:
            if moment.due_on is None:
                problems.add("followup.date_required", f"due_{moment.kind}")
            elif start and moment.due_on < start:
                problems.add("followup.before_return", f"due_{moment.kind}")
        problems.raise_all()
        ordered = sorted(moments, key=lambda m: (m.due_on, m.kind))
        q.followup.save_schedule(case_id, ordered, actor.username, clock())
        return ordered


def _text(value: str, field: str) -> str:
    return validation.text(value, field, MAX_TEXT, "followup")


def record_followup(
    store: Store,
    actor: User,
    case_id: int,
    kind: str,
    held_on: date,
    participants: Participants,
    decision: Decision,
    reviews: Sequence[GoalReview] = (),
    continuum: str | None = None,
    works: str = "",
    not_working: str = "",
    adjust_reason: str = "",
    clock: Clock = datetime.now,
    request: str | None = None,
    hours_worked: float | None = None,
) -> FollowUp:
    """Record a follow-up conversation. Deciding to adjust opens a new version of the
    plan, with `adjust_reason` as its reason, in the same transaction: the decision
    and the version to work on exist together or not at all. Every problem is reported
    at once; the same `request` again (a double click) returns the first record."""
    now = clock()
    problems = Problems()
    if Decision(decision) is Decision.ADJUST:
        adjust_reason = problems.check(agreement.check_reason, adjust_reason, "adjust_reason")
    if held_on is None or held_on > now.date():
        problems.add("followup.date_in_future", "held_on")
    if continuum is not None and continuum not in CONTINUUM_LEVEL_IDS:
        problems.add("followup.unknown_level", "continuum")
    if hours_worked is not None and not 0 <= hours_worked <= MAX_HOURS:
        problems.add("followup.hours_range", "hours_worked")
    followup = FollowUp(
        0, case_id, kind, held_on, Participants(participants), continuum,
        problems.check(_text, works, "works"), problems.check(_text, not_working, "not_working"), Decision(decision),
        tuple(
            GoalReview(r.goal_id, GoalStatus(r.status), problems.check(_text, r.remark, f"remark_{r.goal_id}"))
            for r in reviews
        ),
        hours_worked,
    )
    with case_transaction(store, actor, case_id, "followup.record", kind, clock, use=Use.FOLLOW_UP_EDITS) as (q, case):
        done, made = repeat_of(q, actor, request, "followup.record")
        if done:
            return next(f for f in q.followup.followups_of(case_id) if f.id == made)
        if case.actual_return and held_on is not None and held_on < case.actual_return:
            problems.add("followup.before_return", "held_on")
        if kind not in {m.kind for m in case_schedule(q, case)}:
            problems.add("followup.unknown_moment", "kind")
        goal_ids = {g.id for g in q.dialogue.plan_goals_of(case_id)}
        if any(r.goal_id not in goal_ids for r in followup.reviews):
            problems.add("followup.unknown_goal", "reviews")
        problems.raise_all()
        followup_id = q.followup.insert_followup(followup, actor.username, now)
        case = phases.apply(q, case, now, actor.username)  # a follow-up held: the case is in follow-up
        plan = q.agreements.agreements_of(case_id)
        # An open draft already is the version to adjust: a second one would only confuse.
        if followup.decision is Decision.ADJUST and not (plan and plan[-1].status is AgreementStatus.DRAFT):
            version = agreement.open_new_version(q, case, actor, adjust_reason, now, field="adjust_reason")
            q.journal.audit(now, actor.username, case_id, "agreement.new_version", f"version {version.number} after follow-up {kind}")
        remember(q, actor, request, "followup.record", case_id, followup_id, now)
        return replace(followup, id=followup_id)


def followups(store: Store, actor: User, case_id: int, clock: Clock = datetime.now) -> list[FollowUp]:
    with case_transaction(store, actor, case_id, "case.view", "follow-ups", clock, use=Use.FOLLOW_UP) as (q, _):
        return q.followup.followups_of(case_id)


# --- what is due -----------------------------------------------------------------


def due_for_case(
    case: Case, moments: Sequence[ScheduledMoment], held: set[str], scanned: set[str], today: date,
    window: int = DUE_WINDOW_DAYS,
) -> list[DueItem]:
    """Follow-ups and re-scans of one case due within `window` days or overdue."""
    items = []
    for moment in moments:
        days_late = (today - moment.due_on).days
        if days_late < -window:
            continue
        if moment.kind not in held:
            items.append(DueItem(case.id, case.employee.name, moment.kind, "followup", moment.due_on, days_late))
        if moment.kind in STANDARD_MONTHS and moment.kind not in scanned:
            items.append(DueItem(case.id, case.employee.name, moment.kind, "rescan", moment.due_on, days_late))
    return items


def _open_cases(q: Queries, actor: User, now: datetime, today: date) -> list[Case]:
    """The actor's cases settled (phases.settle_all), without the closed ones and without those
    whose basic consent is withdrawn (nothing more is processed for them)."""
    judged = phases.settle_all(q, q.cases.cases_of(actor.username), now, actor.username, today)
    return [c for c, verdict in judged if c.phase is not Phase.CLOSED and verdict.consent]


def due_items(store: Store, actor: User, today: date | None = None, clock: Clock = datetime.now) -> list[DueItem]:
    """Across the actor's open cases, what is due soon or overdue, latest first: every case
    with a schedule counts, whatever its phase (a schedule exists once a plan is signed
    or the return is recorded)."""
    require_facilitator(actor)
    now = clock()
    today = today or now.date()
    with store.transaction() as q:
        cases = _open_cases(q, actor, now, today)
        ids = [c.id for c in cases]
        saved = q.followup.schedules_of_facilitator(actor.username)
        held = {cid: {f.kind for f in fs} for cid, fs in q.followup.followups_of_cases(ids).items()}
        scanned = q.followup.scan_kinds_done(ids)
        tracks = q.legal.tracks_of_cases(ids)
        facts = q.legal_report.facts_of_cases(ids)
        on_track = [c.id for c in cases if c.id in tracks or c.id in facts]  # with or without a plan yet
        versions = q.agreements.agreements_of_cases(on_track)
        plans = {case_id: versions.get(case_id, []) for case_id in on_track}
        checkin_facts = checkins.read_facts(q, ids)
        q.journal.audit(clock(), actor.username, None, "followup.due_list", f"{len(ids)} cases")
    items = []
    for case in cases:
        moments = saved_or_proposed(saved.get(case.id, []), case)
        items += due_for_case(case, moments, held.get(case.id, set()), scanned.get(case.id, set()), today)
        items += checkins.due_items(case, checkin_facts.get(case.id), moments, today)  # the check-in under way
        if case.id in plans:  # the legal deadlines (plan due, answer, reminder, reassessment, notices) like the follow-ups
            items += legal_track.due_items(case, tracks.get(case.id), plans[case.id], today, DUE_WINDOW_DAYS, facts.get(case.id))
    return sorted(items, key=lambda item: -item.days_late)


# --- early signs of relapse ----------------------------------------------------------


class ReportedHours(NamedTuple):
    """The latest hours worked that someone reported, against the step agreed for that day:
    `source` is the follow-up's moment (m3) or `checkin:<day>` for a check-in of the first
    weeks back; `checkin_on` that check-in's day (None for a follow-up talk)."""

    source: str
    worked: float
    planned: float
    checkin_on: date | None = None


def early_signs(
    case_id: int,
    continuum: str | None,
    employee_scores: Sequence[dict[str, ThemeScore]],
    followups_in_order: Sequence[FollowUp],
    social_goals: dict[int, str],
    overdue_followup_days: int | None,
    manager_scores: Sequence[dict[str, ThemeScore]] = (),
    trends: Sequence[GapTrend] = (),
    hours: ReportedHours | tuple | None = None,
    missed_checkins: Sequence[tuple[str, date, int]] = (),
) -> list[Signal]:
    """The rules, each with its reason, worded about the situation and never about the
    person. employee_scores, manager_scores: submitted moments in time order; hours: the
    latest hours reported at a follow-up talk or in a check-in (`ReportedHours`: where,
    hours worked, hours agreed, the check-in's day);
    missed_checkins: per party, the check-in of the first weeks back still unanswered
    (reset_core.checkins.missed), as (party, its day, days since)."""
    signals = []
    if continuum in LOW_CONTINUUM:
        signals.append(Signal(case_id, f"continuum:{continuum}", "signal.continuum_low", {"level": continuum}))
    signals += _drops(case_id, "drop", "signal.score_drop", employee_scores)
    # The manager sees the work from the other side: a fall there is a sign of its own.
    signals += _drops(case_id, "manager_drop", "signal.manager_score_drop", manager_scores)
    for trend in trends:
        first, last = trend.gaps[0], trend.gaps[-1]
        if trend.trend == DIVERGING and first is not None and last is not None and last - first >= WIDENING_POINTS:
            signals.append(
                Signal(case_id, f"gap:{trend.theme}:{len(trend.gaps)}", "signal.gap_widening", {"theme": trend.theme, "first": first, "now": last})
            )
    if hours is not None:
        hours = ReportedHours(*hours)
        if hours.worked > hours.planned + HOURS_MARGIN:
            # The same situation either way; a check-in's sign says which check-in it read.
            if hours.checkin_on is None:
                signals.append(Signal(case_id, f"hours:{hours.source}", "signal.hours_ahead", {"worked": hours.worked, "planned": hours.planned}))
            else:
                signals.append(Signal(
                    case_id, f"hours:{hours.source}", "signal.hours_ahead_checkin",
                    {"worked": hours.worked, "planned": hours.planned, "date": hours.checkin_on},
                ))
    recent = followups_in_order[-2:]
    if len(recent) == 2 and all(f.participants is Participants.EMPLOYEE for f in recent):
        signals.append(Signal(case_id, f"manager_absent:{len(followups_in_order)}", "signal.manager_absent", {}))
    for goal_id, description in sorted(social_goals.items()):
        statuses = [r.status for f in followups_in_order for r in f.reviews if r.goal_id == goal_id]
        if len(statuses) >= 2 and statuses[-1] is GoalStatus.AT_RISK and statuses[-2] is GoalStatus.AT_RISK:
            signals.append(Signal(case_id, f"goal_at_risk:{goal_id}:{len(statuses)}", "signal.social_goal_at_risk", {"goal": description}))
    for party, day, days in missed_checkins:
        signals.append(Signal(case_id, f"checkin_missed:{party}:{day.isoformat()}", f"signal.checkin_missed_{party}", {"date": day, "days": days}))
    if overdue_followup_days is not None and overdue_followup_days > OVERDUE_SIGNAL_DAYS:
        signals.append(Signal(case_id, "overdue", "signal.followup_overdue", {"days": overdue_followup_days}))
    return signals


def _drops(case_id: int, kind: str, rule: str, scores: Sequence[dict[str, ThemeScore]]) -> list[Signal]:
    """A fall of DROP_POINTS or more on a watched theme between the last two moments."""
    if len(scores) < 2:
        return []
    before, now = scores[-2], scores[-1]
    signals = []
    for theme in WATCHED_THEMES:
        old, new = before.get(theme), now.get(theme)
        if old and new and old.mean is not None and new.mean is not None and old.mean - new.mean >= DROP_POINTS:
            signals.append(Signal(case_id, f"{kind}:{theme}:{len(scores)}", rule, {"theme": theme, "before": old.mean, "now": new.mean}))
    return signals


def agreed_hours(schedule: Sequence[SchedulePeriod], on: date) -> float | None:
    """The weekly hours agreed for the step under way on `on`; None outside every step
    (before the start, or back at full hours after the last)."""
    steps = [
        p for p in schedule
        if p.start is not None and p.start <= on and (p.end is None or on <= p.end) and p.hours_per_week is not None
    ]
    return max(steps, key=lambda p: p.start or on).hours_per_week if steps else None


def _hours(
    history: Sequence[FollowUp], plan: Sequence[AgreementVersion], answers: Sequence[checkins.Answer] = (),
) -> ReportedHours | None:
    """The latest hours reported against the signed plan's schedule (a draft agreed nothing
    yet): at a follow-up talk, or in a check-in of the first weeks back by either party
    (the week before the check-in's day, against the step agreed on that day). When
    several were reported on that latest day, the most hours: the sign asks for a talk,
    and either party seeing the build-up run ahead is reason enough."""
    signed = [v for v in plan if v.status is AgreementStatus.SIGNED]
    if not signed:
        return None
    reported: list[tuple[date, float, str, date | None]] = [
        (f.held_on, f.hours_worked, f.kind, None) for f in history if f.hours_worked is not None
    ]
    reported += [(a.due_on, a.hours_worked, f"checkin:{a.due_on.isoformat()}", a.due_on) for a in answers if a.hours_worked is not None]
    if not reported:
        return None
    last_day = max(r[0] for r in reported)
    on, worked, source, checkin_on = max((r for r in reported if r[0] == last_day), key=lambda r: r[1])
    agreed = agreed_hours(signed[-1].content.schedule, on)
    return None if agreed is None or worked is None else ReportedHours(source, worked, agreed, checkin_on)


def _reports_hours(history: Sequence[FollowUp], facts: checkins.Facts | None) -> bool:
    """Whether anything reported hours to set against the plan (the plan is read only then)."""
    return any(f.hours_worked is not None for f in history) or bool(facts and any(a.hours_worked is not None for a in facts.answers))


def latest_continuum(
    moments: Sequence[ScanMoment], responses: Sequence[ScanResponse], followups_in_order: Sequence[FollowUp],
) -> str | None:
    """The most recent self-placement: from a follow-up check-in, or from a scan as soon
    as the employee chose it, submitted or not (the scan link tells them the facilitator
    sees it at once, so that a call can come the same day)."""
    planned = {m.id: m.planned_on for m in moments}
    # Ordered by day, then (on one day) a later moment after an earlier one, a follow-up after a scan.
    dated = [
        ((planned[r.moment_id], 0, r.moment_id), r.continuum) for r in responses
        if r.respondent is Respondent.EMPLOYEE and r.continuum and r.moment_id in planned
    ]
    dated += [((f.held_on, 1, n), f.continuum) for n, f in enumerate(followups_in_order) if f.continuum]
    return max(dated, key=lambda pair: pair[0])[1] if dated else None


CONVERGING, DIVERGING = "converging", "diverging"


@dataclass(frozen=True)
class GapTrend:
    """One theme over the moments both parties answered: how far apart their scores were
    at each (None where either had too few answers), and which way that went."""

    theme: str
    gaps: tuple[float | None, ...]
    trend: str | None  # CONVERGING, DIVERGING; None: the same, or not known at both ends


def gap_trends(results: Sequence[scan.MomentResult]) -> list[GapTrend]:
    """Per theme of the latest compared scan's own instrument version, the distance
    between the parties at each compared moment in time order. The gap narrows when
    the last distance is smaller than the first; it widens when larger."""
    # The facilitator's own view: released for the joint dialogue or not. Gaps compare
    # only within one scan version: the latest compared moment's (scan.by_version).
    compared = [(r.moment, r.side_by_side or []) for r in scan.latest_version_only([r for r in results if r.side_by_side])]
    if not compared:
        return []
    trends = []
    for theme in load_instrument(compared[-1][0].instrument_version).themes():
        gaps = tuple(
            next((abs(c.gap) for c in comparison if c.theme == theme and c.gap is not None), None) for _, comparison in compared
        )
        first, last = gaps[0], gaps[-1]
        trend = None
        if first is not None and last is not None and first != last:
            trend = CONVERGING if last < first else DIVERGING
        trends.append(GapTrend(theme, gaps, trend))
    return trends


def _case_signals(
    case: Case, scan_moments: Sequence[ScanMoment], responses: Sequence[ScanResponse], history: Sequence[FollowUp],
    goals: Sequence[Goal], notes: dict[tuple[int, str], str], moments: Sequence[ScheduledMoment], today: date,
    plan: Sequence[AgreementVersion], checkin_facts: checkins.Facts | None = None,
) -> list[Signal]:
    """The early signs of one case from what was read of it, with the facilitator's notes."""
    if case.phase is Phase.CLOSED:
        return []
    held = {f.kind for f in history}
    late = [(today - m.due_on).days for m in moments if m.kind not in held and m.due_on < today]
    # A fall or a widening gap is measured between moments of one scan version only: a
    # case moved on to a newer version starts its comparisons again from its first moment there.
    results = scan.latest_version_only(scan.moment_results(scan_moments, responses))
    signals = early_signs(
        case.id,
        latest_continuum(scan_moments, responses, history),
        [r.employee for r in results if r.employee],
        history,
        {g.id: g.description for g in goals if g.theme == "social_support"},
        max(late) if late else None,
        [r.manager for r in results if r.manager],
        gap_trends(results),
        _hours(history, plan, checkin_facts.answers if checkin_facts else ()),
        checkins.missed(case, checkin_facts, moments, today),
    )
    return [replace(s, note=notes.get((case.id, s.key), "")) for s in signals]


def case_signals(store: Store, actor: User, case_id: int, today: date | None = None, clock: Clock = datetime.now) -> list[Signal]:
    today = today or clock().date()
    # The employee's scan answers are read: refused like the scan's results when not allowed.
    with case_transaction(store, actor, case_id, "case.view", "early signs", clock, use=Use.SCAN_RESULTS) as (q, case):
        if not allowed.of(q, case).allows(Use.FOLLOW_UP):
            return []  # the basic consent withdrawn: nothing more is processed
        scan_moments, responses = q.scans.moments_of(case_id), q.scans.responses_of_case(case_id)
        history = q.followup.followups_of(case_id)
        goals = q.dialogue.plan_goals_of(case_id)
        notes = q.followup.signal_notes_of([case_id])
        moments = case_schedule(q, case)
        checkin_facts = checkins.read_facts(q, [case_id])[case_id]
        plan = q.agreements.agreements_of(case_id) if _reports_hours(history, checkin_facts) else []
    return _case_signals(case, scan_moments, responses, history, goals, notes, moments, today, plan, checkin_facts)


def all_signals(store: Store, actor: User, today: date | None = None, clock: Clock = datetime.now) -> list[Signal]:
    """Early signs across the actor's open cases, in every phase where their facts exist:
    read in one transaction for all of them (per case it took two commits each, half a
    second for a caseload), each case's read logged as case_signals logs it."""
    require_facilitator(actor)
    now = clock()
    today = today or now.date()
    with store.transaction() as q:
        cases = _open_cases(q, actor, now, today)
        ids = [c.id for c in cases]
        histories = q.followup.followups_of_cases(ids)
        goals = q.dialogue.plan_goals_of_cases(ids)
        notes = q.followup.signal_notes_of(ids)
        saved = q.followup.schedules_of_facilitator(actor.username)
        moments = q.scans.moments_of_cases(ids)
        responses = q.scans.responses_of_cases(ids)
        checkin_facts = checkins.read_facts(q, ids)
        # The plan is read only where a follow-up or a check-in reported hours to compare with it.
        plans = q.agreements.agreements_of_cases(
            [case_id for case_id in ids if _reports_hours(histories.get(case_id, []), checkin_facts.get(case_id))]
        )
        for case_id in ids:
            log_access(q, clock(), actor, case_id, detail="early signs")
    signals = []
    for case in cases:
        signals += _case_signals(
            case, moments.get(case.id, []), responses.get(case.id, []), histories.get(case.id, []), goals.get(case.id, []), notes,
            saved_or_proposed(saved.get(case.id, []), case), today, plans.get(case.id, []), checkin_facts.get(case.id),
        )
    return signals


def note_signal(store: Store, actor: User, case_id: int, key: str, note: str, clock: Clock = datetime.now) -> None:
    """What the facilitator did about an early sign."""
    note = (note or "").strip()
    if not note:
        raise ValidationError("followup.note_required", field=f"signal_{key}")
    note = _text(note, f"signal_{key}")
    with case_transaction(store, actor, case_id, "signal.note", key, clock, use=Use.FOLLOW_UP_EDITS) as (q, _):
        q.followup.save_signal_note(case_id, key, note, actor.username, clock())


def schedule_overview(today: date, moments: Sequence[ScheduledMoment], held: set[str]) -> list[tuple[ScheduledMoment, str]]:
    """Each moment with its state: done, overdue, due or planned."""
    out = []
    for moment in moments:
        if moment.kind in held:
            state = "done"
        elif moment.due_on < today:
            state = "overdue"
        elif moment.due_on <= today + timedelta(days=DUE_WINDOW_DAYS):
            state = "due"
        else:
            state = "planned"
        out.append((moment, state))
    return out
