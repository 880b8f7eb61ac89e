"""The joint dialogue: one screen that employee, manager and facilitator read together.

Built only from what may be shown to both: the scan comparison of a moment both
parties submitted and both released (reset_core.sharing), the insights whose owner consented to share them (through
`conversations.shared_insights`, the one visibility rule), the topics discussed
and what was agreed on the spot, and the goals. Never a private note, never an
unsubmitted answer, never another case.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from . import conversations, party_space, scan, validation
from . import goals as measures
from .accounts import Clock
from .allowed import Use
from .cards import load_card_set
from .edits import check_base
from .errors import NotFound, Problems, Unavailable, ValidationError
from .instrument import load_instrument
from .model import Audience, Case, DialogueTopic, Goal, GoalOwner, MomentKind, Respondent, SharedInsight, User
from .scoring import MirrorRow, ThemeComparison, agenda, item_mirror
from .services import case_transaction, remember, repeat_of
from .storage import Queries, Store

MAX_NOTE = 2000
MAX_GOAL_TEXT = 500
# A goal is reviewed at a follow-up after the return: never at T0, the scan before it.
GOAL_TARGETS = (MomentKind.M3, MomentKind.M6, MomentKind.M9, MomentKind.EXTRA)


@dataclass(frozen=True)
class ItemDifference:
    """One statement on which the two parties' answers lie apart: the same mirrored item,
    each party's answer as given (1-5), and the gap on the scored scale (employee minus
    manager, a reverse item turned), so that its sign reads like the theme's gap."""

    item_id: str
    employee: int
    manager: int
    gap: int
    instrument_version: int = 1


# The largest differences a theme's section shows: a few, so they read from across a room.
ITEM_DIFFERENCES = 3


def item_differences(result: scan.MomentResult | None, limit: int = ITEM_DIFFERENCES) -> dict[str, tuple[ItemDifference, ...]]:
    """Per theme, the statements answered furthest apart, largest first (a gap of one
    point at least; 'not applicable' on either side counts as no answer). Built only from
    `released_answers`: nothing unless both parties submitted and released the moment."""
    answers = result.released_answers if result else None
    if not answers:
        return {}
    mine, theirs = answers[Respondent.EMPLOYEE], answers[Respondent.MANAGER]
    out: dict[str, list[ItemDifference]] = {}
    version = result.moment.instrument_version
    for item in load_instrument(version).items:
        employee, manager = mine.get(item.id), theirs.get(item.id)
        if employee is None or manager is None:
            continue
        gap = item.scored(employee) - item.scored(manager)
        if gap:
            out.setdefault(item.theme, []).append(ItemDifference(item.id, employee, manager, gap, version))
    # sorted() keeps the instrument's order among equal gaps
    return {theme: tuple(sorted(rows, key=lambda row: -abs(row.gap))[:limit]) for theme, rows in out.items()}


@dataclass(frozen=True)
class JointView:
    employee_name: str
    manager_name: str
    moment: MomentKind | None  # the scan moment the comparison comes from
    agenda: tuple[ThemeComparison, ...]  # wanted by both, by one, shared concerns, big gaps first
    topics: dict[str, DialogueTopic]
    insights: tuple[SharedInsight, ...]
    goals: tuple[Goal, ...]
    # Theme -> how many parties want to talk about it (1 or 2), never who.
    wanted: dict[str, int] = field(default_factory=dict)
    # Both parties submitted a (newer) moment that is not released by both: said as such,
    # never by whom.
    not_released: bool = False
    # The parties' languages (the employee's first, no repeats): a mixed case shows the
    # screen's texts in both.
    languages: tuple[str, ...] = ()
    # Theme -> its statements answered furthest apart (item_differences): released answers only.
    differences: dict[str, tuple[ItemDifference, ...]] = field(default_factory=dict)
    # Every statement with both answers, the largest gap first (scoring.item_mirror), and
    # the instrument version they belong to: released answers only, as `differences`.
    mirror: tuple[MirrorRow, ...] = ()
    mirror_version: int = 1
    # Goal id -> baseline → now → target, from released scans only (goals.progress).
    progress: dict[int, measures.GoalProgress] = field(default_factory=dict)

    def order(self, themes: list[str]) -> list[str]:
        """`themes` (without a comparison on screen) with the wanted ones first."""
        return sorted(themes, key=lambda theme: -self.wanted.get(theme, 0))


def joint_view(store: Store, actor: User, case_id: int, clock: Clock = datetime.now) -> JointView:
    """Refused (`Unavailable`, with the reason) while the case does not allow the joint
    screen: asked first, so that nothing of the case is read for a screen it may not show."""
    with case_transaction(store, actor, case_id, "dialogue.view", clock=clock, use=Use.JOINT) as (q, case):
        topics = {topic.theme: topic for topic in q.dialogue.topics_of(case_id)}
        goals = q.dialogue.plan_goals_of(case_id)
        spoken = party_space.party_languages(q, case_id)
    insights = conversations.shared_insights(store, actor, case_id, Audience.JOINT, clock)
    results = scan.results(store, actor, case_id, clock=clock)
    return _assembled(case, topics, goals, spoken, insights, results)


def joint_view_in(q: Queries, case: Case) -> JointView:
    """`joint_view` inside a transaction its caller opened, after it checked that the case
    allows the joint screen (the second screen, through its display link): the same
    rules, so the same screen."""
    topics = {topic.theme: topic for topic in q.dialogue.topics_of(case.id)}
    insights = conversations.shared_in(q, case, Audience.JOINT)
    return _assembled(
        case, topics, q.dialogue.plan_goals_of(case.id), party_space.party_languages(q, case.id), insights, scan.results_in(q, case.id),
    )


def _assembled(
    case: Case, topics: dict[str, DialogueTopic], goals: list[Goal], spoken: dict[Respondent, str],
    insights: list[SharedInsight], results: list[scan.MomentResult],
) -> JointView:
    shown = [position for position, r in enumerate(results) if r.comparison]
    latest = results[shown[-1]] if shown else None
    # Moments after the one shown that both submitted but not both released.
    pending = [r for r in results[shown[-1] + 1 if shown else 0:] if r.side_by_side]
    about = latest or (pending[-1] if pending else None)  # the flags of the moment the dialogue is about
    wanted = {theme: len(who) for theme, who in about.flags.items()} if about else {}
    return JointView(
        employee_name=case.employee.name,
        manager_name=case.manager.name,
        moment=latest.moment.kind if latest else None,
        agenda=tuple(agenda(latest.comparison, wanted)) if latest and latest.comparison else (),
        topics=topics,
        insights=tuple(insights),
        goals=tuple(goals),
        wanted=wanted,
        not_released=bool(pending),
        languages=tuple(dict.fromkeys(spoken[r] for r in Respondent if r in spoken)),
        differences=item_differences(latest),
        mirror=tuple(_released_mirror(latest)),
        mirror_version=latest.moment.instrument_version if latest else 1,
        progress={goal.id: measures.progress(goal, results) for goal in goals},
    )


def _released_mirror(result: scan.MomentResult | None) -> list[MirrorRow]:
    """Built from `released_answers` alone: nothing unless both parties submitted and
    released the moment, so an unshared party's answers never reach the joint screen."""
    if result is None or not result.released_answers:
        return []
    answers = result.released_answers
    return item_mirror(load_instrument(result.moment.instrument_version), answers[Respondent.EMPLOYEE], answers[Respondent.MANAGER])


def _theme(theme: str) -> str:
    if theme not in {t.id for t in load_card_set().themes}:
        raise ValidationError("dialogue.unknown_theme", field="theme")
    return theme


def _text(value: str, field: str, limit: int, required: bool = False) -> str:
    return validation.text(value, field, limit, "dialogue", required)


def check_goal_target(target: MomentKind | str) -> MomentKind:
    """The moment a goal is reviewed at, or its refusal (the form offers only these)."""
    if target not in GOAL_TARGETS:
        raise ValidationError("dialogue.goal_target_invalid", field="goal_target")
    return MomentKind(target)


def save_topic(
    store: Store,
    actor: User,
    case_id: int,
    theme: str,
    discussed: bool | None,
    note: str | None,
    clock: Clock = datetime.now,
    *,
    base: int | None = None,
) -> DialogueTopic:
    """Tick a theme off as discussed and keep what was agreed about it, on the spot.

    Only what is given is written (None: leave it as it is), so that ticking the box
    never writes the note field along with it. `base`: the note's version the screen was
    drawn from; a note from an older version is refused (`StaleEdit`, see `edits`)."""
    theme = _theme(theme)
    field = f"note_{theme}"
    note = None if note is None else _text(note, field, MAX_NOTE)
    with case_transaction(store, actor, case_id, "dialogue.topic", theme, clock, use=Use.JOINT_EDITS) as (q, _):
        stored = q.dialogue.topic(case_id, theme)
        if note is not None:
            if note == (stored.note if stored else ""):
                note = None  # unchanged: nothing to write, whatever the version
            else:
                check_base(stored.note_version if stored else 0, base, field, stored.updated_at if stored else None)
        if discussed is not None and stored is not None and bool(discussed) == stored.discussed:
            discussed = None
        if discussed is not None or note is not None:
            q.dialogue.save_topic(case_id, theme, None if discussed is None else bool(discussed), note, actor.username, clock())
        return q.dialogue.topic(case_id, theme)


def check_target_score(value: float | None) -> float | None:
    """A goal's target on the scan's 1-5 scale (None: none chosen, as before 029)."""
    if value is None:
        return None
    try:
        score = round(float(value), 1)
    except (TypeError, ValueError):
        raise ValidationError("goals.target_score_invalid", field="goal_target_score") from None
    if not measures.TARGET_LOW <= score <= measures.TARGET_HIGH:
        raise ValidationError("goals.target_score_invalid", field="goal_target_score")
    return score


def _items(theme: str, items: Sequence[str]) -> tuple[str, ...]:
    allowed = measures.theme_items(theme)
    chosen = tuple(dict.fromkeys(items))
    if any(item not in allowed for item in chosen):
        raise ValidationError("goals.items_invalid", field="goal_items")
    return tuple(item for item in allowed if item in chosen)  # in the instrument's order


def _goal(
    theme: str, owner: GoalOwner, description: str, indicator: str, target: MomentKind,
    target_score: float | None = None, items: Sequence[str] = (),
) -> Goal:
    problems = Problems()
    theme = problems.check(_theme, theme)
    goal = Goal(
        id=0, case_id=0, theme=theme, owner=GoalOwner(owner),
        description=problems.check(_text, description, "goal_description", MAX_GOAL_TEXT, required=True),
        indicator=problems.check(_text, indicator, "goal_indicator", MAX_GOAL_TEXT, required=True),
        target=problems.check(check_goal_target, target), created_at=datetime.min,
        target_score=problems.check(check_target_score, target_score),
        items=problems.check(_items, theme, items) if theme else (),
    )
    problems.raise_all()
    return goal


def _with_baseline(q: Queries, case_id: int, goal: Goal) -> Goal:
    """The goal with its starting point: the latest scan both parties released, now."""
    return replace(goal, baseline=measures.baseline(scan.results_in(q, case_id), goal.theme, goal.items))


def add_goal(
    store: Store, actor: User, case_id: int, theme: str, owner: GoalOwner, description: str,
    indicator: str, target: MomentKind, clock: Clock = datetime.now, request: str | None = None,
    *, target_score: float | None = None, items: Sequence[str] = (),
) -> Goal:
    """The same `request` again (a double click) returns the goal it agreed. The baseline
    is taken here, once: the score on the goal's theme (or statements) in the latest scan
    both parties released; a later re-scan never moves it."""
    goal = _goal(theme, owner, description, indicator, target, target_score, items)
    with case_transaction(store, actor, case_id, "goal.agree", goal.theme, clock, use=Use.JOINT_EDITS) as (q, _):
        done, made = repeat_of(q, actor, request, "goal.agree")
        if done:
            return next(g for g in q.dialogue.plan_goals_of(case_id) if g.id == made)
        goal_id = q.dialogue.insert_plan_goal(case_id, _with_baseline(q, case_id, goal), actor.username, clock())
        remember(q, actor, request, "goal.agree", case_id, goal_id, clock())
        return next(g for g in q.dialogue.plan_goals_of(case_id) if g.id == goal_id)


def update_goal(
    store: Store, actor: User, case_id: int, goal_id: int, theme: str, owner: GoalOwner, description: str,
    indicator: str, target: MomentKind, clock: Clock = datetime.now,
    *, target_score: float | None = None, items: Sequence[str] = (),
) -> Goal:
    """Reworded, or re-aimed: the baseline stays while the goal measures the same theme
    and statements; measuring something else takes that one's baseline from the latest
    released scan."""
    goal = _goal(theme, owner, description, indicator, target, target_score, items)
    with case_transaction(store, actor, case_id, "goal.change", f"goal {goal_id}", clock, use=Use.JOINT_EDITS) as (q, _):
        stored = next((g for g in q.dialogue.plan_goals_of(case_id) if g.id == goal_id), None)
        if stored is None:
            raise NotFound()
        same = (stored.theme, stored.items) == (goal.theme, goal.items)
        goal = replace(goal, baseline=stored.baseline) if same else _with_baseline(q, case_id, goal)
        q.dialogue.update_plan_goal(replace(goal, id=goal_id, case_id=case_id))
        return next(g for g in q.dialogue.plan_goals_of(case_id) if g.id == goal_id)


def drop_goal(store: Store, actor: User, case_id: int, goal_id: int, clock: Clock = datetime.now) -> None:
    """The goal leaves the plan; it stays on file for the history."""
    with case_transaction(store, actor, case_id, "goal.drop", f"goal {goal_id}", clock, use=Use.JOINT_EDITS) as (q, _):
        if goal_id not in {g.id for g in q.dialogue.plan_goals_of(case_id)}:
            raise NotFound()
        q.dialogue.deactivate_plan_goal(goal_id)


def goals(store: Store, actor: User, case_id: int, clock: Clock = datetime.now) -> list[Goal]:
    with case_transaction(store, actor, case_id, "case.view", "goals", clock, use=Use.JOINT) as (q, _):
        return q.dialogue.plan_goals_of(case_id)


def progress(
    store: Store, actor: User, case_id: int, of: Sequence[Goal], clock: Clock = datetime.now,
) -> dict[int, measures.GoalProgress]:
    """Baseline → now → target of each goal in `of` (the live goals, or a plan version's
    copy of them), from the scans both parties released."""
    try:
        results = scan.results(store, actor, case_id, clock=clock) if of else []
    except Unavailable:
        results = []  # the case no longer lets its scores be read: the goals' words alone
    return {goal.id: measures.progress(goal, results) for goal in of}
