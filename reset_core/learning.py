"""The learning view: what the organisation keeps learning from its re-integration
cases, for its prevention policy and the yearly evaluation of its re-integration
policy. Aggregates only, never a case.

Who sees what: an administrator sees the whole organisation, a facilitator their own
cases. Both get the same aggregates and the same rule:

- Every group is shown only when it covers at least `min_group` cases (5 unless an
  administrator sets it otherwise; never below 3).
- Counts that split the cases into groups (phase, outcome, 9 months, agreement
  profile) fold their smaller groups into "other". Should "other" itself stay under
  the minimum, the next smallest group joins it, until "other" is empty or large
  enough: the shown counts always add up to the total, so no small group can be
  worked out by subtraction. Under the minimum in all, nothing is shown.
- Counts that do not split (gap themes, lessons per theme and level) show a group
  only when it covers enough cases; the rest is left out.
- Free texts (lessons, prevention actions with their level) appear only inside a theme that covers
  enough cases (smaller themes together as "other themes" when they do), sorted
  alphabetically, never with a case reference, a date or a name.
- What comes from closings (outcomes, work at 9 months, return to closure, the
  agreement profiles, lessons, prevention) counts only closings of quarters that have
  ended, and a quarter's closings enter only together with the quarters before them
  that were still held back, once they are at least `min_group` cases
  (`released_closings`). Between two looks at the view, the closings that came in are
  therefore never fewer than the minimum: comparing the view before and after one
  closing (whose date the register shows) cannot reveal that case's outcome.

The view is computed from a few queries across cases (store.case_figures,
active_closings, first_joint_moments, signed_plan_aims), not by calling per-case services.
"""

from __future__ import annotations

import csv
import io
import statistics
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from . import phases, prevention
from .accounts import Clock, require_admin
from .cards import load_card_set
from .errors import PermissionDenied, ValidationError
from .i18n import translate
from .instrument import load_instrument
from .model import (
    AgreementStatus,
    AgreementVersion,
    CaseFigures,
    Closing,
    CraftingAim,
    JointAnswers,
    PreventionAction,
    Role,
    User,
)
from .scoring import compare, theme_scores
from .storage import Queries, Store

DEFAULT_MIN_GROUP = 5
FLOOR_MIN_GROUP = 3
MAX_MIN_GROUP = 50
SETTING = "learning_min_group"
OTHER = "other"  # the key of the folded group

# What an agreement in force does, in job crafting terms.
GROWTH = "growth"  # at least one adjustment raises a resource or a challenge
LOWERING_ONLY = "lowering_only"  # every adjustment lowers a hindering demand
NO_ADJUSTMENTS = "no_adjustments"


# --- the rule, as pure functions ---------------------------------------------------


@dataclass(frozen=True)
class Folded:
    """A count per group, every shown group covering at least the minimum.

    `other` holds the folded smaller groups: 0, or itself at least the minimum.
    `total` is the sum of what is shown; 0 when the whole set is under the minimum.
    """

    shown: tuple[tuple[str, int], ...]
    other: int
    total: int

    @property
    def visible(self) -> bool:
        return self.total > 0

    def rows(self) -> list[tuple[str, int]]:
        return list(self.shown) + ([(OTHER, self.other)] if self.other else [])


EMPTY = Folded((), 0, 0)


def fold(counts: Mapping[str, int], min_group: int) -> Folded:
    """Groups under `min_group` go into "other"; "other" grows until it is large enough."""
    counts = {key: n for key, n in counts.items() if n > 0}
    total = sum(counts.values())
    if total < min_group:
        return EMPTY
    shown = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    other = 0
    while shown and shown[-1][1] < min_group:
        other += shown.pop()[1]
    while 0 < other < min_group:
        other += shown.pop()[1]  # never empty here: the total reaches the minimum
    return Folded(tuple(shown), other, total)


def enough(counts: Mapping[str, int], min_group: int) -> tuple[tuple[str, int], ...]:
    """Counts that overlap (one case in several groups): only the large enough ones."""
    return tuple(sorted(((k, n) for k, n in counts.items() if n >= min_group), key=lambda kv: (-kv[1], kv[0])))


@dataclass(frozen=True)
class Median:
    days: float
    cases: int


def median_days(values: Iterable[int], min_group: int) -> Median | None:
    values = list(values)
    if len(values) < min_group:
        return None
    return Median(float(statistics.median(values)), len(values))


@dataclass(frozen=True)
class TextGroup:
    """Free texts of one theme (or of the smaller themes together), without their cases.
    The same text written for several cases appears once, with how often."""

    key: str  # a theme id, or OTHER
    cases: int
    items: tuple[tuple[tuple[str, ...], int], ...]  # (item, times), most frequent first, then alphabetical


def _tally(items: list[tuple[str, ...]]) -> tuple[tuple[tuple[str, ...], int], ...]:
    return tuple(sorted(Counter(items).items(), key=lambda kv: (-kv[1], kv[0])))


def text_groups(entries: Iterable[tuple[int, str, tuple[str, ...]]], min_group: int) -> tuple[TextGroup, ...]:
    """entries: (case id, group key, item). A group is shown when it covers enough
    distinct cases; smaller groups together as OTHER when they do. Case ids stay here."""
    cases: dict[str, set[int]] = {}
    items: dict[str, list[tuple[str, ...]]] = {}
    for case_id, key, item in entries:
        cases.setdefault(key, set()).add(case_id)
        items.setdefault(key, []).append(item)
    shown, folded_cases, folded_items = [], set(), []
    for key in sorted(cases, key=lambda k: (-len(cases[k]), k)):
        if len(cases[key]) >= min_group:
            shown.append(TextGroup(key, len(cases[key]), _tally(items[key])))
        else:
            folded_cases |= cases[key]
            folded_items += items[key]
    if len(folded_cases) >= min_group:
        shown.append(TextGroup(OTHER, len(folded_cases), _tally(folded_items)))
    return tuple(shown)


def agreement_profile(versions: Iterable[AgreementVersion]) -> str | None:
    """What the signed agreement in force does: GROWTH, LOWERING_ONLY, NO_ADJUSTMENTS;
    None when no version was signed."""
    signed = [v for v in versions if v.status is AgreementStatus.SIGNED]
    if not signed:
        return None
    return profile_of_aims({a.aim for a in max(signed, key=lambda v: v.number).content.adjustments})


def profile_of_aims(aims: set[CraftingAim]) -> str:
    """The profile of a signed version from the aims of its adjustments."""
    if aims & {CraftingAim.RAISE_RESOURCE, CraftingAim.RAISE_CHALLENGE}:
        return GROWTH
    return LOWERING_ONLY if aims else NO_ADJUSTMENTS


def _quarter(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def _quarter_end(start: date) -> date:
    following = date(start.year + (start.month == 10), (start.month + 2) % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)


def released_closings(closings: Iterable[Closing], today: date, k: int) -> tuple[set[int], date | None]:
    """The cases whose closing the view may count, and the last day those closings cover.

    A closing belongs to the quarter in which it was both dated and recorded (the later
    of the two: a closing dated back enters with the quarter it was recorded in). The
    quarter under way is left out; ended quarters are released oldest first, and a
    quarter with fewer than `k` closings waits for the next ones until together they
    reach `k`. So the view only ever changes by batches of at least `k` closings.
    """
    current = _quarter(today)
    by_quarter: dict[date, list[int]] = {}
    for c in closings:
        quarter = _quarter(max(c.closed_on, c.closed_at.date()))
        if quarter < current:
            by_quarter.setdefault(quarter, []).append(c.case_id)
    released: set[int] = set()
    pending: list[int] = []
    until = None
    for quarter in sorted(by_quarter):
        pending += by_quarter[quarter]
        if len(pending) >= k:
            released |= set(pending)
            pending = []
            until = _quarter_end(quarter)
    return released, until


# --- who may see it, and how small a group may be ------------------------------------


def _require_viewer(actor: User) -> None:
    if not actor.active or actor.must_change_password or actor.role not in (Role.ADMIN, Role.FACILITATOR):
        raise PermissionDenied()


def min_group(store: Store) -> int:
    with store.read() as q:
        value = q.meta.get(SETTING)
    try:
        return max(FLOOR_MIN_GROUP, int(value)) if value else DEFAULT_MIN_GROUP
    except ValueError:
        return DEFAULT_MIN_GROUP


def set_min_group(store: Store, actor: User, value: int, clock: Clock = datetime.now) -> int:
    """The organisation's minimum group size: an administrator's choice, 3 or more."""
    require_admin(actor)
    try:
        value = int(value)
    except (TypeError, ValueError):
        value = 0
    if not FLOOR_MIN_GROUP <= value <= MAX_MIN_GROUP:
        raise ValidationError("learning.min_group_range", field="min_group", min=FLOOR_MIN_GROUP, max=MAX_MIN_GROUP)
    with store.transaction() as q:
        q.meta.set(SETTING, str(value))
        q.journal.audit(clock(), actor.username, None, "learning.min_group", str(value))
    return value


# --- the view ----------------------------------------------------------------------


@dataclass(frozen=True)
class LearningView:
    """Everything the learning screen and its export show. No case id, no name, no date
    of a case: only counts of at least `min_group`, medians over at least as many cases,
    and free texts grouped by theme."""

    organisation: bool  # True: every case; False: the facilitator's own
    min_group: int
    phases: Folded
    outcomes: Folded
    at_work_9m: Folded
    days_to_return: Median | None  # sick-leave start to the actual return
    days_return_to_closure: Median | None
    agreements: Folded  # GROWTH, LOWERING_ONLY, NO_ADJUSTMENTS
    gap_cases: int  # cases with a first joint scan; 0 when under the minimum
    gap_themes: tuple[tuple[str, int], ...]  # themes worth discussing at that first scan
    lesson_cells: tuple[tuple[str, str, int], ...]  # (theme, level, cases)
    lessons: tuple[TextGroup, ...]  # items: (level, kind, text)
    prevention: tuple[TextGroup, ...]  # items: (level, text): which actions came out of which theme
    closings_until: date | None = None  # the last day the closings counted cover

    @property
    def empty(self) -> bool:
        return not self.phases.visible


def worth_discussing(answers: JointAnswers) -> tuple[str, ...]:
    """The themes worth discussing at a joint scan, by the scan's own comparison rule."""
    instrument = load_instrument(answers.instrument_version)
    rows = compare(theme_scores(instrument, answers.employee), theme_scores(instrument, answers.manager))
    return tuple(row.theme for row in rows if row.worth_discussing)


def _first_joint_gaps(store: Store, q: Queries, scope: str | None) -> list[tuple[str, ...]]:
    """Per case with a joint scan, the themes worth discussing at its first one.

    A submitted scan never changes, so each moment is scored once while the database is
    open: scoring thousands of them on every view would take the admin's view over a second.
    """
    moments = [moment_id for _, moment_id in q.learning.first_joint_moments(scope)]
    scored = store.memo.setdefault("learning.worth_discussing", {})
    for moment_id, answers in q.learning.joint_answers([m for m in moments if m not in scored]).items():
        scored[moment_id] = worth_discussing(answers)
    return [scored[m] for m in moments]


def view(store: Store, actor: User, clock: Clock = datetime.now) -> LearningView:
    """The learning view of the actor's scope; logged without any case id."""
    _require_viewer(actor)
    organisation = actor.role is Role.ADMIN
    scope = None if organisation else actor.username
    k = min_group(store)
    today = clock().date()
    with store.read() as q:  # reads only: writes by others are not held up meanwhile
        figures = q.learning.case_figures(scope)
        # Each case counts in the phase it has today, also one nobody opened since its
        # return date passed (reading it would move it; this view only reads).
        figures = [
            replace(f, phase=phases.settled(f.phase, f.corrected_over, f.actual_return, f.expected_return, today)[0])
            for f in figures
        ]
        closings = q.learning.active_closings(scope)
        gaps = _first_joint_gaps(store, q, scope)
        aims = q.learning.signed_plan_aims(scope)
        actions = prevention.actions_for_learning(q, scope)
    with store.transaction() as q:
        q.journal.audit(clock(), actor.username, None, "learning.view", "organisation" if organisation else "own cases")
    counted, until = released_closings(closings, clock().date(), k)
    closings = [c for c in closings if c.case_id in counted]
    profiles = Counter(profile_of_aims(a) for case_id, a in aims.items() if case_id in counted)
    actions = [a for a in actions if a.case_id in counted]
    return replace(summarise(organisation, k, figures, closings, gaps, profiles, actions), closings_until=until)


def summarise(
    organisation: bool,
    k: int,
    figures: Sequence[CaseFigures],
    closings: Sequence[Closing],
    gaps: Sequence[tuple[str, ...]],
    profiles: Mapping[str, int],
    actions: Sequence[PreventionAction] = (),
) -> LearningView:
    """The view from the data of the scope, with the minimum group size `k`: pure.
    gaps: per case with a joint scan, the themes worth discussing at its first one.
    actions: the prevention actions of the closed cases counted (reset_core.prevention)."""
    by_id = {f.case_id: f for f in figures}
    gap_cases, gap_counts = len(gaps), Counter(theme for themes in gaps for theme in themes)
    returned = [(f.actual_return - f.sick_leave_start).days for f in figures if f.actual_return and f.sick_leave_start]
    to_closure = [
        (c.closed_on - by_id[c.case_id].actual_return).days
        for c in closings
        if c.case_id in by_id and by_id[c.case_id].actual_return
    ]
    cells: dict[tuple[str, str], set[int]] = {}
    for c in closings:
        for lesson in c.lessons:
            cells.setdefault((lesson.theme, lesson.level.value), set()).add(c.case_id)
    return LearningView(
        organisation=organisation,
        min_group=k,
        phases=fold(Counter(f.phase.value for f in figures), k),
        outcomes=fold(Counter(c.outcome.value for c in closings), k),
        at_work_9m=fold(Counter(c.at_work_9m.value for c in closings), k),
        days_to_return=median_days(returned, k),
        days_return_to_closure=median_days(to_closure, k),
        agreements=fold(profiles, k),
        gap_cases=gap_cases if gap_cases >= k else 0,
        gap_themes=enough(gap_counts, k) if gap_cases >= k else (),
        lesson_cells=tuple(
            (theme, level, n) for (theme, level), n in
            sorted(((key, len(ids)) for key, ids in cells.items()), key=lambda kv: (-kv[1], kv[0]))
            if n >= k
        ),
        lessons=text_groups(
            ((c.case_id, lesson.theme, (lesson.level.value, lesson.kind.value, lesson.text))
             for c in closings for lesson in c.lessons),
            k,
        ),
        prevention=text_groups(
            ((a.case_id, a.theme or OTHER, (a.level.value, a.description)) for a in actions), k
        ),
    )


# --- the export --------------------------------------------------------------------


def theme_label(theme: str, lang: str) -> str:
    if theme == OTHER:
        return translate("learning.other_themes", lang)
    return load_card_set().theme(theme).text(lang).name or theme


def _safe(cell: object) -> object:
    """A spreadsheet must not read a text as a formula."""
    if isinstance(cell, str) and cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + cell
    return cell


def rows(v: LearningView, lang: str = "nl") -> list[tuple[str, str, str, object]]:
    """The view as (section, group, detail, value) rows: what the screen and the CSV show."""
    t: Callable[..., str] = lambda key, **p: translate(key, lang, **p)  # noqa: E731
    out: list[tuple[str, str, str, object]] = []

    def counts(section: str, folded: Folded, label: Callable[[str], str]) -> None:
        for key, n in folded.rows():
            out.append((t(f"learning.section_{section}"), t("learning.other_groups") if key == OTHER else label(key), "", n))
        if folded.visible:
            out.append((t(f"learning.section_{section}"), t("learning.total"), "", folded.total))

    counts("phases", v.phases, lambda key: t(f"phase.{key}"))
    counts("outcomes", v.outcomes, lambda key: t(f"outcome.{key}"))
    counts("at_work_9m", v.at_work_9m, lambda key: t(f"closing.at_work_{key}"))
    for name, median in (("days_to_return", v.days_to_return), ("days_return_to_closure", v.days_return_to_closure)):
        if median:
            out.append((t(f"learning.section_{name}"), t("learning.median_days"), t("learning.cases", n=median.cases), median.days))
    counts("agreements", v.agreements, lambda key: t(f"learning.profile_{key}"))
    for theme, n in v.gap_themes:
        out.append((t("learning.section_gap_themes"), theme_label(theme, lang), t("learning.of_cases", n=v.gap_cases), n))
    for theme, level, n in v.lesson_cells:
        out.append((t("learning.section_lesson_cells"), theme_label(theme, lang), t(f"level.{level}"), n))
    for group in v.lessons:
        for (level, kind, text), times in group.items:
            detail = f"{t(f'level.{level}')} - {t(f'closing.kind_{kind}')}"
            out.append((t("learning.section_lessons"), theme_label(group.key, lang), detail, _times(text, times, lang)))
    for group in v.prevention:
        for (level, text), times in group.items:
            out.append((
                t("learning.section_prevention"), theme_label(group.key, lang), t(f"prevention.level_{level}"),
                _times(text, times, lang),
            ))
    return out


def _times(text: str, times: int, lang: str) -> str:
    return text if times == 1 else f"{text} {translate('learning.times', lang, n=times)}"


def to_csv(v: LearningView, lang: str = "nl") -> bytes:
    """The aggregates as CSV (UTF-8 with BOM and semicolons, as Belgian spreadsheets expect)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([translate(f"learning.csv_{col}", lang) for col in ("section", "group", "detail", "value")])
    for row in rows(v, lang):
        writer.writerow([_safe(cell) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def record_export(store: Store, actor: User, clock: Clock = datetime.now) -> None:
    """The download of the CSV, logged like the view: without any case id."""
    _require_viewer(actor)
    with store.transaction() as q:
        q.journal.audit(clock(), actor.username, None, "learning.export", "organisation" if actor.role is Role.ADMIN else "own cases")
