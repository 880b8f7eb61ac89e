"""Measurable goals: where a goal started, where it stands at each re-scan, and its target.

Pure functions over the scan results of one case (`scan.MomentResult`). Every score
comes from a moment both parties submitted AND released (`MomentResult.comparison`), the
same rule as the joint screen's: a goal is shown to both parties, on the joint screen and
in the plan, so its numbers may hold nothing the joint screen may not. The employee's
score is the goal's measure; the manager's mirror score stands beside it, as the joint
screen shows both.

A score on the 1-5 scale compares only within one instrument version (`instrument.py`):
when the baseline and the latest re-scan were taken with different versions, the progress
says so (`comparable`), and a theme or statement the other version lacks has no "now".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .formats import fixed
from .i18n import translate
from .instrument import SCALE_VALUES, available_versions, load_instrument
from .model import Goal, GoalScore, Respondent
from .scan import MomentResult

TARGET_LOW, TARGET_HIGH = float(SCALE_VALUES[0]), float(SCALE_VALUES[-1])
# The targets a form offers: the scale in half points.
TARGET_CHOICES = tuple(TARGET_LOW + step / 2 for step in range(int((TARGET_HIGH - TARGET_LOW) * 2) + 1))


def theme_items(theme: str, version: int | None = None) -> tuple[str, ...]:
    """The statement ids a goal on `theme` may narrow itself to, in every instrument
    version (an old case's goal may name a version 1 statement), in order, no repeats;
    with `version`, that version's alone (what a new goal picks from: the case's own, the
    one its re-scans will measure)."""
    versions = available_versions() if version is None else [version]
    return tuple(dict.fromkeys(item.id for v in versions for item in load_instrument(v).items_for(theme)))


def item_text(item_id: str, party: str, lang: str) -> str:
    """A statement's wording for `party`, from the newest instrument version that has it."""
    for version in reversed(available_versions()):
        item = next((i for i in load_instrument(version).items if i.id == item_id), None)
        if item is not None:
            return item.text(party, lang)
    return item_id


def _mean(values: list[int], of: int) -> float | None:
    # The theme's rule (scoring.theme_scores): under half answered is not enough.
    return round(sum(values) / len(values), 2) if values and len(values) * 2 >= of else None


def score_at(result: MomentResult, theme: str, items: Sequence[str] = ()) -> GoalScore | None:
    """The parties' score on the theme (or on the chosen statements, reverse ones turned)
    at one moment; None unless both released it, or when its instrument lacks them all."""
    if not result.comparison:
        return None
    version = result.moment.instrument_version
    if items:
        chosen = [item for item in load_instrument(version).items_for(theme) if item.id in items]
        answers = result.released_answers or {}
        if not chosen or not answers:
            return None

        def mean_of(who: Respondent) -> float | None:
            given = answers.get(who, {})
            values = [given.get(item.id) for item in chosen]
            return _mean([item.scored(v) for item, v in zip(chosen, values, strict=True) if v is not None], len(chosen))

        employee, manager = mean_of(Respondent.EMPLOYEE), mean_of(Respondent.MANAGER)
    else:
        if theme not in (result.employee or {}) or theme not in (result.manager or {}):
            return None
        employee, manager = result.employee[theme].mean, result.manager[theme].mean  # type: ignore[index]
    return GoalScore(result.moment.id, result.moment.kind, version, employee, manager)


def baseline(results: Sequence[MomentResult], theme: str, items: Sequence[str] = ()) -> GoalScore | None:
    """The score of the latest moment both parties released: where a goal set now starts.
    None when no moment was released by both (the goal is then set without a baseline)."""
    released = [r for r in results if r.comparison]
    return score_at(released[-1], theme, items) if released else None


@dataclass(frozen=True)
class GoalProgress:
    """Baseline → now → target of one goal, as the plan and the follow-up show it."""

    goal_id: int
    baseline: GoalScore | None  # None: set before goals were measured, or its scan no longer released
    now: GoalScore | None  # the latest re-scan both released after the baseline; None: none yet
    target: float | None
    comparable: bool = True  # False: baseline and now come from different instrument versions

    @property
    def measured(self) -> bool:
        """Whether the goal has anything to show beyond its words."""
        return self.baseline is not None or self.target is not None


def progress(goal: Goal, results: Sequence[MomentResult]) -> GoalProgress:
    """Where `goal` stands in the case's `results` (in time order). The baseline stays what
    was stored when the goal was set; it shows only while its moment is still released by
    both (a release withdrawn is honoured here too). "Now" is the latest moment both
    released after the baseline's (without one: after the goal was set)."""
    start = goal.baseline
    position = next((i for i, r in enumerate(results) if start and r.moment.id == start.moment_id), None)
    if start is not None and (position is None or not results[position].comparison):
        start = None
    if position is not None:
        later = list(results[position + 1:])
    else:
        later = [r for r in results if r.moment.created_at >= goal.created_at]
    now = next((s for r in reversed(later) if (s := score_at(r, goal.theme, goal.items)) is not None), None)
    comparable = start is None or now is None or now.instrument_version == start.instrument_version
    return GoalProgress(goal.id, start, now, goal.target_score, comparable)


def _score(value: float | None, lang: str) -> str:
    return fixed(value, lang) if value is not None else translate("goals.not_enough", lang)


def _at(key: str, score: GoalScore, value: float | None, lang: str) -> str:
    return translate(key, lang, score=_score(value, lang), moment=translate(f"moment_kind.{score.moment.value}", lang))


def lines(p: GoalProgress, lang: str) -> tuple[str, ...]:
    """The goal's measure in words, Belgian numbers (2,5): the employee's start → now →
    target, the manager's start → now beside it, and a word when the versions differ.
    Nothing for a goal without a measure (set before goals were measured)."""
    if not p.measured:
        return ()

    def at(key: str, score: GoalScore | None, who: Respondent) -> str:
        if score is None:
            return translate(f"{key}_none", lang)
        return _at(key, score, score.employee if who is Respondent.EMPLOYEE else score.manager, lang)

    target = translate("goals.target", lang, score=fixed(p.target, lang)) if p.target is not None else translate("goals.target_none", lang)
    employee, manager = Respondent.EMPLOYEE, Respondent.MANAGER
    out = [translate("goals.employee", lang, measure=" → ".join((at("goals.start", p.baseline, employee), at("goals.now", p.now, employee), target)))]
    if p.baseline or p.now:
        out.append(translate("goals.manager", lang, measure=" → ".join((at("goals.start", p.baseline, manager), at("goals.now", p.now, manager)))))
    if not p.comparable and p.baseline and p.now:
        out.append(translate("goals.other_version", lang, start=p.baseline.instrument_version, now=p.now.instrument_version))
    return tuple(out)


def target_line(goal: Goal, lang: str) -> str:
    """The target alone, for a copy that may hold no one's scores (a party's own copy of
    the plan): the target is agreed words, not an answer."""
    return translate("goals.target", lang, score=fixed(goal.target_score, lang)) if goal.target_score is not None else ""
