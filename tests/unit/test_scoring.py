"""Scoring: reverse items, 'not applicable', too few answers, gaps and shared concerns."""

from reset_core.instrument import load_instrument
from reset_core.scoring import ThemeScore, agenda, compare, missing_items, theme_scores

INSTRUMENT = load_instrument(1)


def items(theme):
    return INSTRUMENT.items_for(theme)


def answers_for(theme, values):
    return {item.id: value for item, value in zip(items(theme), values)}


def test_a_reverse_item_is_turned_before_the_mean_is_taken():
    theme = "hindering_demands"
    answers = {item.id: (1 if item.reverse else 5) for item in items(theme)}  # every answer favourable
    assert theme_scores(INSTRUMENT, answers)[theme].mean == 5.0
    worst = {item.id: (5 if item.reverse else 1) for item in items(theme)}
    assert theme_scores(INSTRUMENT, worst)[theme].mean == 1.0


def test_not_applicable_is_left_out_of_the_mean():
    theme = "challenge_growth"  # no reverse items
    assert not any(item.reverse for item in items(theme))
    score = theme_scores(INSTRUMENT, answers_for(theme, [4, 2, None, None]))[theme]
    assert score.mean == 3.0
    assert score.answered == 2


def test_under_half_of_the_items_answered_gives_not_enough_answers():
    theme = "challenge_growth"
    score = theme_scores(INSTRUMENT, answers_for(theme, [4, None, None, None]))[theme]
    assert score.mean is None and not score.enough and score.answered == 1


def test_a_theme_nobody_answered_has_no_score():
    assert theme_scores(INSTRUMENT, {})["autonomy"].mean is None


def s(theme, mean):
    return ThemeScore(theme, mean, 4 if mean is not None else 0, 4)


def test_a_gap_of_one_point_or_more_is_worth_discussing_either_way():
    rows = compare({"a": s("a", 2.0), "b": s("b", 4.5), "c": s("c", 3.0)}, {"a": s("a", 3.0), "b": s("b", 3.6), "c": s("c", 1.9)})
    by = {r.theme: r for r in rows}
    assert by["a"].gap == -1.0 and by["a"].worth_discussing
    assert by["b"].gap == 0.9 and not by["b"].worth_discussing
    assert by["c"].gap == 1.1 and by["c"].worth_discussing


def test_the_gap_threshold_can_be_set():
    rows = compare({"a": s("a", 3.0)}, {"a": s("a", 3.6)}, gap_threshold=0.5)
    assert rows[0].worth_discussing


def test_a_theme_both_rate_low_is_a_shared_concern():
    rows = compare({"a": s("a", 2.0), "b": s("b", 2.0)}, {"a": s("a", 2.5), "b": s("b", 3.0)})
    by = {r.theme: r for r in rows}
    assert by["a"].shared_concern and not by["b"].shared_concern


def test_without_enough_answers_there_is_no_gap_and_no_concern():
    (row,) = compare({"a": s("a", None)}, {"a": s("a", 1.0)})
    assert row.gap is None and not row.worth_discussing and not row.shared_concern


def test_the_agenda_puts_shared_concerns_first_then_the_largest_gaps():
    rows = compare(
        {"calm": s("calm", 4.0), "gap": s("gap", 2.0), "concern": s("concern", 2.0), "big": s("big", 1.0)},
        {"calm": s("calm", 4.1), "gap": s("gap", 3.2), "concern": s("concern", 2.2), "big": s("big", 3.5)},
    )
    assert [r.theme for r in agenda(rows)] == ["concern", "big", "gap", "calm"]


def test_the_agenda_takes_themes_both_want_to_talk_about_first_then_those_one_wants_then_concerns_and_gaps():
    rows = compare(
        {"calm": s("calm", 4.0), "gap": s("gap", 2.0), "concern": s("concern", 2.0), "big": s("big", 1.0)},
        {"calm": s("calm", 4.1), "gap": s("gap", 3.2), "concern": s("concern", 2.2), "big": s("big", 3.5)},
    )
    assert [r.theme for r in agenda(rows, {"calm": 2, "gap": 1})] == ["calm", "gap", "concern", "big"]


def test_missing_items_counts_what_has_neither_an_answer_nor_not_applicable():
    answered = {item.id: None for item in items("autonomy")}
    missing = missing_items(INSTRUMENT, answered)
    assert "autonomy" not in missing
    assert missing["value_fit"] == len(items("value_fit"))
