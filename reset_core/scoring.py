"""Scan scoring as pure functions over plain data.

Per respondent and theme: the mean of the answered items, reverse items turned, so
that a higher score is always more favourable. "Not applicable" is no answer. Under
half of a theme's items answered gives "not enough answers" rather than a number
built on one or two items. Then the comparison of the two parties per theme.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .instrument import ScanInstrument

GAP_WORTH_DISCUSSING = 1.0  # points on the 1-5 scale
LOW_SCORE = 2.5  # both parties at or under this: a shared concern

Answers = Mapping[str, int | None]  # item id -> 1..5, or None for "not applicable"


@dataclass(frozen=True)
class ThemeScore:
    theme: str
    mean: float | None  # None: not enough answers
    answered: int
    items: int

    @property
    def enough(self) -> bool:
        return self.mean is not None


@dataclass(frozen=True)
class ThemeComparison:
    theme: str
    employee: ThemeScore
    manager: ThemeScore
    gap: float | None  # employee - manager
    worth_discussing: bool
    shared_concern: bool


def theme_scores(instrument: ScanInstrument, answers: Answers) -> dict[str, ThemeScore]:
    scores = {}
    for theme in instrument.themes():
        items = instrument.items_for(theme)
        values = [item.scored(answers[item.id]) for item in items if answers.get(item.id) is not None]
        enough = len(values) * 2 >= len(items)
        mean = round(sum(values) / len(values), 2) if enough and values else None
        scores[theme] = ThemeScore(theme, mean, len(values), len(items))
    return scores


def compare(
    employee: Mapping[str, ThemeScore],
    manager: Mapping[str, ThemeScore],
    gap_threshold: float = GAP_WORTH_DISCUSSING,
    low_threshold: float = LOW_SCORE,
) -> list[ThemeComparison]:
    rows = []
    for theme, mine in employee.items():
        theirs = manager[theme]
        both = mine.enough and theirs.enough
        gap = round(mine.mean - theirs.mean, 2) if both else None
        rows.append(
            ThemeComparison(
                theme,
                mine,
                theirs,
                gap,
                worth_discussing=gap is not None and abs(gap) >= gap_threshold,
                shared_concern=both and mine.mean <= low_threshold and theirs.mean <= low_threshold,
            )
        )
    return rows


def agenda(comparisons: Sequence[ThemeComparison], wanted: Mapping[str, int] | None = None) -> list[ThemeComparison]:
    """Themes in the order a joint dialogue takes them: those both parties want to talk
    about, then those one of them wants to (`wanted`: theme -> how many, never who), then
    shared concerns, then the largest gaps."""
    wanted = wanted or {}

    def weight(row: ThemeComparison) -> tuple:
        lowest = min((s.mean for s in (row.employee, row.manager) if s.enough), default=5.0)
        return (
            -wanted.get(row.theme, 0), not row.shared_concern, not row.worth_discussing,
            -(abs(row.gap) if row.gap is not None else 0), lowest,
        )

    return sorted(comparisons, key=weight)


def missing_items(instrument: ScanInstrument, answered: Mapping[str, object]) -> dict[str, int]:
    """Per theme, how many items still have neither an answer nor 'not applicable'."""
    missing = {}
    for theme in instrument.themes():
        count = sum(1 for item in instrument.items_for(theme) if item.id not in answered)
        if count:
            missing[theme] = count
    return missing


@dataclass(frozen=True)
class MirrorRow:
    """One mirrored statement: each party's answer as given (1-5, None: not applicable or
    not answered) and the gap on the scored scale (employee minus manager, a reverse item
    turned, so that its sign reads like the theme's gap). None when a side has no answer."""

    item_id: str
    theme: str
    reverse: bool
    employee: int | None
    manager: int | None
    gap: int | None


def item_mirror(instrument: ScanInstrument, employee: Answers, manager: Answers) -> list[MirrorRow]:
    """Every statement with both parties' answers, the largest gap first (then those with
    no gap, then those a side left open); the instrument's order among equals."""
    rows = []
    for item in instrument.items:
        mine, theirs = employee.get(item.id), manager.get(item.id)
        gap = item.scored(mine) - item.scored(theirs) if mine is not None and theirs is not None else None
        rows.append(MirrorRow(item.id, item.theme, item.reverse, mine, theirs, gap))
    return sorted(rows, key=lambda row: (row.gap is None, -abs(row.gap or 0)))
