"""Altair charts of scan results, for the screen and for PDFs.

Readable in black and white and for colour-blind readers: the two parties differ
in shape (circle, square) and carry a letter label, not only a colour.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import altair as alt
import pandas as pd

from .scoring import ThemeComparison

# Okabe-Ito blue and vermillion: distinguishable with every common colour vision deficiency.
PARTY_COLOURS = ["#0072B2", "#D55E00"]
PARTY_SHAPES = ["circle", "square"]


def comparison_frame(rows: Sequence[ThemeComparison], theme_name: Callable[[str], str], party_name: Callable[[str], str]) -> pd.DataFrame:
    """One row per theme and party: the table behind the comparison chart."""
    records = []
    for row in rows:
        for party, score in (("employee", row.employee), ("manager", row.manager)):
            records.append(
                {
                    "theme": theme_name(row.theme),
                    "party": party_name(party),
                    "letter": party_name(party)[:1].upper(),
                    "score": score.mean,
                    "gap": row.gap,
                    "flag": "!" if (row.worth_discussing or row.shared_concern) else "",
                }
            )
    return pd.DataFrame.from_records(records, columns=["theme", "party", "letter", "score", "gap", "flag"])


def comparison_chart(frame: pd.DataFrame, title: str = "", width: int = 560) -> alt.Chart:
    """Per theme a line from one party's score to the other's: the gap at a glance."""
    order = list(dict.fromkeys(frame["theme"]))
    height = max(120, 28 * len(order))
    y = alt.Y("theme:N", sort=order, title=None)
    x = alt.X("score:Q", scale=alt.Scale(domain=[1, 5]), title=None, axis=alt.Axis(values=[1, 2, 3, 4, 5]))
    scored = frame.dropna(subset=["score"])
    parties = list(dict.fromkeys(frame["party"]))  # employee first, as the frame lists them
    lines = alt.Chart(scored).mark_line(color="#888888", strokeWidth=2).encode(y=y, x=x, detail="theme:N")
    points = alt.Chart(scored).mark_point(filled=True, size=160, opacity=1).encode(
        y=y, x=x,
        shape=alt.Shape("party:N", scale=alt.Scale(domain=parties, range=PARTY_SHAPES), title=None),
        color=alt.Color("party:N", scale=alt.Scale(domain=parties, range=PARTY_COLOURS), title=None),
        tooltip=["theme", "party", "score"],
    )
    letters = alt.Chart(scored).mark_text(dy=-13, fontSize=10, color="#333333").encode(y=y, x=x, text="letter:N")
    flags = alt.Chart(frame.drop_duplicates("theme")).mark_text(align="left", dx=6, fontSize=14, fontWeight="bold", color="#000000").encode(
        y=y, x=alt.value(width + 4), text="flag:N"
    )
    return (lines + points + letters + flags).properties(width=width, height=height, title=title or "")


def trend_frame(
    moments: Sequence[tuple[str, dict, dict]], theme_name: Callable[[str], str], party_name: Callable[[str], str]
) -> pd.DataFrame:
    """moments: (label, employee scores, manager scores) in time order; either may be None."""
    records = []
    for position, (label, employee, manager) in enumerate(moments):
        for party, scores in (("employee", employee), ("manager", manager)):
            for theme, score in (scores or {}).items():
                if score.mean is not None:
                    records.append({"order": position, "moment": label, "theme": theme_name(theme), "party": party_name(party), "score": score.mean})
    return pd.DataFrame.from_records(records, columns=["order", "moment", "theme", "party", "score"])


def trend_chart(frame: pd.DataFrame, columns: int = 3, width: int = 170) -> alt.Chart:
    """Per theme the scores of both parties over the moments."""
    moments = list(dict.fromkeys(frame.sort_values("order")["moment"]))
    parties = list(dict.fromkeys(frame["party"]))  # employee first, as the frame lists them
    base = alt.Chart(frame).encode(
        x=alt.X("moment:N", sort=moments, title=None, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("score:Q", scale=alt.Scale(domain=[1, 5]), title=None),
        color=alt.Color("party:N", scale=alt.Scale(domain=parties, range=PARTY_COLOURS), title=None),
        shape=alt.Shape("party:N", scale=alt.Scale(domain=parties, range=PARTY_SHAPES), title=None),
        strokeDash=alt.StrokeDash("party:N", scale=alt.Scale(domain=parties, range=[[1, 0], [5, 3]]), title=None),
    )
    layered = base.mark_line() + base.mark_point(filled=True, size=70)
    return layered.properties(width=width, height=110).facet(facet=alt.Facet("theme:N", title=None), columns=columns)


def png(chart: alt.TopLevelMixin, scale: float = 2.0) -> bytes:
    """The chart as PNG, rendered offline (vl-convert), for PDFs."""
    import vl_convert

    return vl_convert.vegalite_to_png(chart.to_json(), scale=scale)
