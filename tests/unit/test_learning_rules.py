"""The minimum group size rule of the learning view, as properties over small random
groups: no group under the minimum is ever shown, and folded counts add up."""

from collections import Counter
from datetime import date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from reset_core import learning
from reset_core.cards import load_card_set
from reset_core.instrument import load_instrument
from reset_core.learning import OTHER, Folded, agreement_profile, enough, fold, median_days, summarise, text_groups
from reset_core.model import (
    ActionLevel,
    ActionStatus,
    AdjustmentArea,
    AgreementContent,
    AgreementStatus,
    AgreementVersion,
    AtWorkNineMonths,
    CaseFigures,
    Closing,
    ClosingOutcome,
    CraftingAim,
    JointAnswers,
    Lesson,
    LessonKind,
    LessonLevel,
    Phase,
    PlanAdjustment,
    PreventionAction,
)

THEMES = [theme.id for theme in load_card_set().themes]
minimums = st.integers(min_value=learning.FLOOR_MIN_GROUP, max_value=8)
small_counts = st.dictionaries(st.sampled_from(["a", "b", "c", "d", "e", "f"]), st.integers(0, 12), max_size=6)


def assert_folded_safely(folded: Folded, raw: Counter | dict, k: int) -> None:
    total = sum(raw.values())
    assert all(n >= k for _, n in folded.shown)
    assert folded.other == 0 or folded.other >= k
    if total < k:
        assert folded == learning.EMPTY
    else:
        assert sum(n for _, n in folded.shown) + folded.other == folded.total == total
    for key, n in folded.shown:  # a shown group is shown with its true count
        assert raw[key] == n


@given(small_counts, minimums)
def test_fold_never_shows_a_group_under_the_minimum_and_its_counts_add_up(counts, k):
    assert_folded_safely(fold(counts, k), counts, k)


@given(small_counts, minimums)
def test_a_small_group_cannot_be_worked_out_by_subtraction_from_the_total(counts, k):
    folded = fold(counts, k)
    hidden = folded.total - sum(n for _, n in folded.shown)
    assert hidden == 0 or hidden >= k


def test_a_lone_small_group_takes_the_next_smallest_with_it_into_other():
    assert fold({"own_job": 7, "relapse": 1}, 5) == Folded((), 8, 8)
    assert fold({"own_job": 7, "adapted_job": 5, "relapse": 1}, 5) == Folded((("own_job", 7),), 6, 13)
    assert fold({"own_job": 4}, 5) == learning.EMPTY


@given(small_counts, minimums)
def test_overlapping_counts_show_only_groups_that_reach_the_minimum(counts, k):
    shown = enough(counts, k)
    assert all(n >= k for _, n in shown)
    assert {key for key, _ in shown} == {key for key, n in counts.items() if n >= k}


@given(st.lists(st.integers(0, 900), max_size=12), minimums)
def test_a_median_needs_at_least_the_minimum_of_cases(values, k):
    median = median_days(values, k)
    if len(values) < k:
        assert median is None
    else:
        assert median.cases == len(values) and min(values) <= median.days <= max(values)


texts = st.lists(
    st.tuples(st.integers(1, 15), st.sampled_from(THEMES[:5]), st.sampled_from(["Vaste pauzes", "Buddy", "Rooster", "Feedback"])),
    max_size=40,
)


@given(texts, minimums)
def test_free_texts_appear_only_in_groups_of_enough_cases_and_without_case_ids(entries, k):
    groups = text_groups(((case_id, theme, (text,)) for case_id, theme, text in entries), k)
    cases_per_theme = {}
    for case_id, theme, _ in entries:
        cases_per_theme.setdefault(theme, set()).add(case_id)
    for group in groups:
        assert group.cases >= k
        if group.key != OTHER:
            assert group.cases == len(cases_per_theme[group.key])
        for item, times in group.items:
            assert all(isinstance(part, str) for part in item) and times >= 1
    small = {theme for theme, ids in cases_per_theme.items() if len(ids) < k}
    folded_cases = set().union(*(cases_per_theme[theme] for theme in small)) if small else set()
    assert any(g.key == OTHER for g in groups) == (len(folded_cases) >= k)
    shown_items = sum(times for g in groups for _, times in g.items)
    assert shown_items <= len(entries)


def test_the_same_text_written_for_several_cases_is_shown_once_with_how_often():
    entries = [(n, "recovery_energy", ("Vaste pauzes",)) for n in range(1, 6)] + [(6, "recovery_energy", ("Buddy",))]
    (group,) = text_groups(entries, 5)
    assert group.items == ((("Vaste pauzes",), 5), (("Buddy",), 1))


# --- the whole view, over random small organisations --------------------------------

TODAY = date(2026, 6, 1)


@st.composite
def organisations(draw):
    n = draw(st.integers(0, 14))
    instrument = load_instrument(1)
    figures, closings, joint = [], [], []
    for case_id in range(1, n + 1):
        phase = draw(st.sampled_from(list(Phase)))
        start = TODAY - timedelta(days=draw(st.integers(200, 700)))
        returned = start + timedelta(days=draw(st.integers(30, 190))) if draw(st.booleans()) else None
        figures.append(CaseFigures(case_id, phase, start, returned))
        if phase is Phase.CLOSED:
            lessons = tuple(
                Lesson(draw(st.sampled_from(list(LessonKind))), draw(st.sampled_from(list(LessonLevel))),
                       draw(st.sampled_from(THEMES[:4])), f"Les {draw(st.integers(1, 3))}")
                for _ in range(draw(st.integers(0, 3)))
            )
            closings.append(Closing(
                case_id, case_id, returned or start, draw(st.sampled_from(list(ClosingOutcome))),
                draw(st.sampled_from(list(AtWorkNineMonths))), draw(st.sampled_from(["", "Preventie"])),
                draw(st.sampled_from(THEMES[:3])), True, "f", datetime(2026, 1, 1), datetime(2026, 1, 1), lessons,
            ))
        if draw(st.booleans()):
            levels = {theme: (draw(st.integers(1, 5)), draw(st.integers(1, 5))) for theme in instrument.themes()}
            joint.append(JointAnswers(
                case_id, 1,
                {item.id: levels[item.theme][0] for item in instrument.items},
                {item.id: levels[item.theme][1] for item in instrument.items},
            ))
    profiles = Counter(draw(st.lists(st.sampled_from([learning.GROWTH, learning.LOWERING_ONLY, learning.NO_ADJUSTMENTS]), max_size=10)))
    return figures, closings, joint, profiles


@settings(max_examples=60, deadline=None)
@given(organisations(), minimums)
def test_no_aggregate_of_the_learning_view_ever_shows_a_group_under_the_minimum(org, k):
    figures, closings, joint, profiles = org
    view = summarise(True, k, figures, closings, [learning.worth_discussing(j) for j in joint], profiles)
    assert_folded_safely(view.phases, Counter(f.phase.value for f in figures), k)
    assert_folded_safely(view.outcomes, Counter(c.outcome.value for c in closings), k)
    assert_folded_safely(view.at_work_9m, Counter(c.at_work_9m.value for c in closings), k)
    assert_folded_safely(view.agreements, profiles, k)
    for median in (view.days_to_return, view.days_return_to_closure):
        assert median is None or median.cases >= k
    assert view.gap_cases == 0 or view.gap_cases >= k
    assert all(n >= k for _, n in view.gap_themes)
    assert all(n >= k for _, _, n in view.lesson_cells)
    assert all(group.cases >= k for group in view.lessons + view.prevention)
    # every row the screen and the CSV show comes from these aggregates only
    for _, _, _, value in learning.rows(view):
        assert not isinstance(value, int) or value >= k


# --- the agreement profile -------------------------------------------------------------


def version(number: int, status: AgreementStatus, *aims: CraftingAim) -> AgreementVersion:
    content = AgreementContent(adjustments=tuple(PlanAdjustment(AdjustmentArea.TASKS, aim, "x") for aim in aims))
    now = datetime(2026, 1, 1)
    return AgreementVersion(number, 1, number, "", status, content, 1, None, (), None, None, (), None, "", "f", now, now)


def test_an_agreement_that_raises_a_resource_or_a_challenge_counts_as_growth():
    assert agreement_profile([version(1, AgreementStatus.SIGNED, CraftingAim.LOWER_HINDERING_DEMAND, CraftingAim.RAISE_CHALLENGE)]) == learning.GROWTH
    assert agreement_profile([version(1, AgreementStatus.SIGNED, CraftingAim.RAISE_RESOURCE)]) == learning.GROWTH


def test_an_agreement_that_only_lowers_demands_is_told_apart():
    assert agreement_profile([version(1, AgreementStatus.SIGNED, CraftingAim.LOWER_HINDERING_DEMAND)]) == learning.LOWERING_ONLY
    assert agreement_profile([version(1, AgreementStatus.SIGNED)]) == learning.NO_ADJUSTMENTS


def test_only_the_latest_signed_version_counts_and_an_unsigned_plan_not_at_all():
    versions = [
        version(1, AgreementStatus.SIGNED, CraftingAim.RAISE_RESOURCE),
        version(2, AgreementStatus.SIGNED, CraftingAim.LOWER_HINDERING_DEMAND),
        version(3, AgreementStatus.DRAFT, CraftingAim.RAISE_CHALLENGE),
    ]
    assert agreement_profile(versions) == learning.LOWERING_ONLY
    assert agreement_profile([version(1, AgreementStatus.OFFERED, CraftingAim.RAISE_RESOURCE)]) is None


def test_every_row_of_the_export_is_said_in_words_not_in_message_keys():
    figures = [CaseFigures(n, Phase.CLOSED, TODAY - timedelta(days=300), TODAY - timedelta(days=100)) for n in range(1, 6)]
    closings = [
        Closing(n, n, TODAY, ClosingOutcome.OWN_JOB, AtWorkNineMonths.NOT_KNOWN, "=HYPERLINK(\"x\")", "recovery_energy", True, "f",
                datetime(2026, 1, 1), datetime(2026, 1, 1), (Lesson(LessonKind.WENT_WELL, LessonLevel.TEAM, "team_relations", "Buddy"),))
        for n in range(1, 6)
    ]
    actions = [
        PreventionAction(n, n, "=HYPERLINK(\"x\")", "", None, ActionStatus.OPEN, ActionLevel.TEAM, "recovery_energy",
                         datetime(2026, 1, 1), datetime(2026, 1, 1))
        for n in range(1, 6)
    ]
    view = summarise(True, 5, figures, closings, [], Counter({learning.GROWTH: 5}), actions)
    for lang in ("nl", "en"):
        csv = learning.to_csv(view, lang).decode("utf-8-sig")
        for line in csv.splitlines()[1:]:
            assert not any(
                part.startswith(("learning.", "outcome.", "level.", "closing.", "phase.", "prevention.")) for part in line.split(";")
            ), line
        assert "'=HYPERLINK" in csv  # a spreadsheet shows it as text, never runs it
