"""The comparison chart as the Scan page and the joint screen draw it, read from its
Vega-Lite spec: what a viewer would notice, not how it is built."""

from __future__ import annotations

from reset_core.cards import load_card_set
from reset_core.documents import charts
from reset_core.formats import fixed
from reset_core.scoring import ThemeComparison, ThemeScore

THEMES = load_card_set().themes
LONGEST = max((theme.text("nl").name for theme in THEMES), key=len)


def comparison(theme: str, employee: float, manager: float) -> ThemeComparison:
    gap = employee - manager
    return ThemeComparison(theme, ThemeScore(theme, employee, 4, 4), ThemeScore(theme, manager, 4, 4), gap, abs(gap) >= 1, False)


def frame():
    rows = [comparison(THEMES[0].id, 3.0, 3.0), comparison(THEMES[1].id, 1.75, 3.75)]
    rows += [comparison(theme.id, 3.0, 3.25) for theme in THEMES[2:]]
    return charts.comparison_frame(
        rows, lambda theme: load_card_set().theme(theme).text("nl").name,
        lambda party: {"employee": "Medewerker", "manager": "Leidinggevende"}[party], lambda value: fixed(value, "nl"),
    )


def layers(spec: dict) -> list[dict]:
    return spec["layer"]


def of_mark(spec: dict, mark: str) -> list[dict]:
    return [layer for layer in layers(spec) if (layer["mark"] if isinstance(layer["mark"], str) else layer["mark"]["type"]) == mark]


def test_the_chart_takes_the_whole_width_of_its_page():
    assert charts.comparison_chart(frame()).to_dict()["width"] == "container"


def test_theme_names_are_never_cut_off():
    spec = charts.comparison_chart(frame()).to_dict()
    axes = [layer["encoding"]["y"].get("axis") for layer in layers(spec) if "y" in layer["encoding"]]
    assert axes and all(axis is not None and axis["labelLimit"] == 0 for axis in axes)
    assert LONGEST in set(frame()["theme"])


def test_equal_scores_show_both_marks_one_above_the_other():
    spec = charts.comparison_chart(frame()).to_dict()
    (points,) = of_mark(spec, "point")
    assert points["encoding"]["yOffset"]["field"] == "party"
    same = frame()[frame()["theme"] == THEMES[0].text("nl").name]
    assert list(same["score"]) == [3.0, 3.0] and list(same["party"]) == ["Medewerker", "Leidinggevende"]


def test_each_mark_carries_its_score_as_text_away_from_the_other_mark():
    data = frame()
    wide = data[data["theme"] == THEMES[1].text("nl").name]
    assert list(wide["label"]) == ["M 1,8", "L 3,8"] and list(wide["side"]) == ["left", "right"]
    texts = [layer for layer in of_mark(charts.comparison_chart(data).to_dict(), "text") if layer["encoding"]["text"]["field"] == "label"]
    assert len(texts) == 2 and all(layer["encoding"]["yOffset"]["field"] == "party" for layer in texts)


def test_the_mark_for_a_theme_to_discuss_sits_inside_the_plot_where_it_cannot_be_clipped():
    spec = charts.comparison_chart(frame()).to_dict()
    (flags,) = [layer for layer in of_mark(spec, "text") if layer["encoding"]["text"]["field"] == "flag"]
    x = flags["encoding"]["x"]
    low, high = spec["layer"][0]["encoding"]["x"]["scale"]["domain"]
    assert "datum" in x and 5 < x["datum"] < high
    assert (frame().drop_duplicates("theme")["flag"] == "!").sum() == 1


def test_the_parties_differ_in_colour_blind_safe_colours_and_in_shape():
    spec = charts.comparison_chart(frame()).to_dict()
    (points,) = of_mark(spec, "point")
    assert points["encoding"]["color"]["scale"]["range"] == ["#0072B2", "#D55E00"]  # Okabe-Ito
    assert points["encoding"]["shape"]["scale"]["range"] == ["circle", "square"]


def test_the_joint_screen_draws_it_in_larger_type():
    small = charts.comparison_chart(frame()).to_dict()
    large = charts.comparison_chart(frame(), large=True).to_dict()
    size = lambda spec: spec["layer"][0]["encoding"]["y"]["axis"]["labelFontSize"]  # noqa: E731
    assert size(large) >= 18 > size(small)


def test_the_trend_shows_each_theme_name_whole_on_at_most_two_lines():
    frame = charts.trend_frame(
        [("T0", {t.id: ThemeScore(t.id, 3.0, 4, 4) for t in THEMES}, None)],
        lambda theme: load_card_set().theme(theme).text("nl").name, str,
    )
    spec = charts.trend_chart(frame).to_dict()
    header = spec["facet"]["header"]
    assert header["labelLimit"] == 0 and "split(datum.label" in header["labelExpr"]
    assert charts.wrapped(LONGEST) != LONGEST
    assert all(charts.wrapped(name).replace(charts.LINE_BREAK, " ") == name for name in set(frame["theme"]))
    assert max(len(part) for name in set(frame["theme"]) for part in charts.wrapped(name).split(charts.LINE_BREAK)) < len(LONGEST)
