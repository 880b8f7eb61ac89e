"""Altair charts of scan results, for the screen and for PDFs.

Readable in black and white and for colour-blind readers: the two parties differ
in shape (circle, square) and carry a letter label, not only a colour.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import altair as alt
import pandas as pd
from fpdf import FPDF

from ..scoring import ThemeComparison
from .pdf import FAMILY

# Okabe-Ito blue and vermillion: distinguishable with every common colour vision deficiency.
PARTY_COLOURS = ["#0072B2", "#D55E00"]
PARTY_SHAPES = ["circle", "square"]


def comparison_frame(
    rows: Sequence[ThemeComparison], theme_name: Callable[[str], str], party_name: Callable[[str], str],
    number: Callable[[float], str] = lambda value: f"{value:.1f}",
) -> pd.DataFrame:
    """One row per theme and party: the table behind the comparison chart. `label` is
    the party's letter and score as text ("M 2,2"), printed beside its mark; `side`
    says on which side of the mark, away from the other party's mark."""
    records = []
    for row in rows:
        for party, score, other in (("employee", row.employee, row.manager), ("manager", row.manager, row.employee)):
            letter = party_name(party)[:1].upper()
            records.append(
                {
                    "theme": theme_name(row.theme),
                    "party": party_name(party),
                    "letter": letter,
                    "score": score.mean,
                    "gap": row.gap,
                    "flag": "!" if (row.worth_discussing or row.shared_concern) else "",
                    "label": f"{letter} {number(score.mean)}" if score.mean is not None else letter,
                    "side": "left" if (score.mean is not None and other.mean is not None and score.mean < other.mean) else "right",
                }
            )
    return pd.DataFrame.from_records(records, columns=["theme", "party", "letter", "score", "gap", "flag", "label", "side"])


# The scale runs from 1 to 5; the space right of 5 holds the "!" of a theme to discuss,
# inside the plot, where it cannot be clipped off as a mark beyond the width was.
FLAG_AT = 5.45
X_DOMAIN = [0.8, 5.6]


def comparison_chart(frame: pd.DataFrame, title: str = "", large: bool = False) -> alt.LayerChart:
    """Per theme a line from one party's score to the other's: the gap at a glance.

    As wide as its container, theme names whole (no label limit), the two parties' marks
    one above the other within their theme's row (equal scores never hide one another),
    each with its letter and score as text, and the "!" of a theme to discuss."""
    order = list(dict.fromkeys(frame["theme"]))
    font = 18 if large else 13
    row = 2 * font + 18
    y = alt.Y(
        "theme:N", sort=order, title=None,
        axis=alt.Axis(labelLimit=0, labelFontSize=font, labelColor="#222222", labelPadding=10, ticks=False, domain=False),
    )
    x = alt.X(
        "score:Q", scale=alt.Scale(domain=X_DOMAIN, nice=False, clamp=True), title=None,
        axis=alt.Axis(values=[1, 2, 3, 4, 5], format="d", labelFontSize=font, labelColor="#222222", orient="top", grid=True),
    )
    parties = list(dict.fromkeys(frame["party"]))  # employee first, as the frame lists them
    offset = alt.YOffset("party:N", sort=parties, scale=alt.Scale(domain=parties, paddingOuter=0.3))
    scored = frame.dropna(subset=["score"])
    lines = alt.Chart(scored).mark_line(color="#888888", strokeWidth=3).encode(y=y, x=x, yOffset=offset, detail="theme:N")
    points = alt.Chart(scored).mark_point(filled=True, size=(260 if large else 170), opacity=1).encode(
        y=y, x=x, yOffset=offset,
        shape=alt.Shape("party:N", scale=alt.Scale(domain=parties, range=PARTY_SHAPES), title=None),
        color=alt.Color("party:N", scale=alt.Scale(domain=parties, range=PARTY_COLOURS), title=None,
                        legend=alt.Legend(orient="top", labelFontSize=font, symbolSize=(260 if large else 170))),
        tooltip=[alt.Tooltip("theme:N"), alt.Tooltip("party:N"), alt.Tooltip("label:N")],
    )
    labels = [
        alt.Chart(scored).transform_filter(alt.datum.side == side).mark_text(
            align="right" if side == "left" else "left", dx=-12 if side == "left" else 12,
            fontSize=font - 2, color="#222222",
        ).encode(y=y, x=x, yOffset=offset, text="label:N")
        for side in ("left", "right")
    ]
    flags = alt.Chart(frame.drop_duplicates("theme")).mark_text(
        fontSize=font + 6, fontWeight="bold", color="#000000"
    ).encode(y=y, x=alt.datum(FLAG_AT), text="flag:N")
    return alt.LayerChart(layer=[lines, points, *labels, flags], title=title or alt.Undefined, width="container", height=row * len(order))


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


def trend_chart(frame: pd.DataFrame, columns: int = 3, width: int = 150) -> alt.FacetChart:
    """Per theme the scores of both parties over the moments: small enough for three
    columns beside the menu at 1024 px, each theme's name whole, on two lines if long."""
    moments = list(dict.fromkeys(frame.sort_values("order")["moment"]))
    parties = list(dict.fromkeys(frame["party"]))  # employee first, as the frame lists them
    frame = frame.assign(title=[wrapped(theme) for theme in frame["theme"]])
    base = alt.Chart(frame).encode(
        x=alt.X("moment:N", sort=moments, title=None, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("score:Q", scale=alt.Scale(domain=[1, 5]), title=None, axis=alt.Axis(values=[1, 2, 3, 4, 5])),
        color=alt.Color("party:N", scale=alt.Scale(domain=parties, range=PARTY_COLOURS), title=None, legend=alt.Legend(orient="bottom")),
        shape=alt.Shape("party:N", scale=alt.Scale(domain=parties, range=PARTY_SHAPES), title=None),
        strokeDash=alt.StrokeDash("party:N", scale=alt.Scale(domain=parties, range=[[1, 0], [5, 3]]), title=None),
    )
    layered = base.mark_line() + base.mark_point(filled=True, size=70)
    header = alt.Header(labelLimit=0, labelFontSize=12, labelColor="#222222", labelExpr=f"split(datum.label, '{LINE_BREAK}')")
    return layered.properties(width=width, height=110).facet(
        facet=alt.Facet("title:N", title=None, header=header, sort=sorted(set(frame["title"]))), columns=columns
    )


LINE_BREAK = "|"


def wrapped(name: str, limit: int = 24) -> str:
    """A theme's name on two lines (at the space nearest its middle) when it is long;
    the facet header splits it at LINE_BREAK."""
    if len(name) <= limit or " " not in name:
        return name
    spaces = [i for i, ch in enumerate(name) if ch == " "]
    cut = min(spaces, key=lambda i: abs(i - len(name) / 2))
    return f"{name[:cut]}{LINE_BREAK}{name[cut + 1:]}"


ROW_HEIGHT = 10.0  # mm per theme in the PDF chart


def comparison_height(frame: pd.DataFrame) -> float:
    """The PDF chart's height in mm, scale and legend included: a heading above it can
    move to the next page with it instead of staying behind alone."""
    return ROW_HEIGHT * (frame["theme"].nunique() + 1.5)


def draw_comparison(doc: FPDF, frame: pd.DataFrame) -> None:
    """The comparison chart drawn with the PDF's own lines and shapes: the same marks as
    on screen (circle and square, letters, the grey gap line, the ! flag), as vectors.
    Drawing it directly takes milliseconds where rendering a picture took a third of a
    second per document."""
    themes = list(dict.fromkeys(frame["theme"]))
    parties = list(dict.fromkeys(frame["party"]))
    row_h, label_w, flag_w = ROW_HEIGHT, 58.0, 14.0
    left = doc.l_margin + label_w
    right = doc.l_margin + doc.epw - flag_w
    if doc.get_y() + comparison_height(frame) > doc.page_break_trigger:
        doc.add_page()
    # Colours, line widths and fonts stay inside the chart: a fill colour left set made
    # every table drawn after it a solid block (fpdf2's table takes the current fill).
    with doc.local_context():
        _draw_rows(doc, frame, themes, parties, row_h, label_w, flag_w, left, right)


def _draw_rows(doc: FPDF, frame: pd.DataFrame, themes: list, parties: list, row_h: float, label_w: float,
               flag_w: float, left: float, right: float) -> None:
    top = doc.get_y()

    def x_of(score: float) -> float:
        return left + (score - 1) / 4 * (right - left)

    doc.set_font(FAMILY, "", 7)
    doc.set_text_color(90)
    for tick in range(1, 6):  # the scale, with light grid lines through every row
        doc.set_xy(x_of(tick) - 3, top)
        doc.cell(6, 4, str(tick), align="C")
        doc.set_draw_color(215)
        doc.set_line_width(0.2)
        doc.line(x_of(tick), top + 5, x_of(tick), top + 5 + row_h * len(themes))
    doc.set_text_color(0)
    for index, theme in enumerate(themes):
        middle = top + 5 + row_h * (index + 0.5)
        rows = frame[frame["theme"] == theme]
        doc.set_font(FAMILY, "", 8)
        if doc.get_string_width(theme) <= label_w - 2:
            doc.set_xy(doc.l_margin, middle - 2.5)
            doc.cell(label_w - 2, 5, theme)
        else:  # a long theme name takes two lines within its row
            doc.set_xy(doc.l_margin, middle - 3.4)
            doc.multi_cell(label_w - 2, 3.4, theme, align="L")
        scored = [(parties.index(r.party), r.label, r.side, float(r.score)) for r in rows.itertuples() if pd.notna(r.score)]
        # As on screen: the employee's mark a little above the row's middle, the manager's
        # below, so equal scores show both; each with its letter and score beside it, on
        # the side away from the other mark.
        y_of = {0: middle - 1.4, 1: middle + 1.4}  # party position -> its mark's y
        if len(scored) == 2:
            doc.set_draw_color(136)
            doc.set_line_width(0.7)
            doc.line(x_of(scored[0][3]), y_of[scored[0][0]], x_of(scored[1][3]), y_of[scored[1][0]])
        doc.set_font(FAMILY, "", 6)
        for position, label, side, score in scored:
            _mark(doc, position, x_of(score), y_of[position], 1.5)
            width = doc.get_string_width(label) + 1
            doc.set_xy(x_of(score) - 2.2 - width if side == "left" else x_of(score) + 2.2, y_of[position] - 1.25)
            doc.cell(width, 2.5, label, align="R" if side == "left" else "L")
        if rows["flag"].iloc[0]:
            doc.set_font(FAMILY, "B", 11)
            doc.set_xy(right + flag_w - 5, middle - 2.5)
            doc.cell(4, 5, "!")
    legend = top + 5 + row_h * len(themes) + 2
    doc.set_font(FAMILY, "", 8)
    x = left
    for position, party in enumerate(parties):
        _mark(doc, position, x + 1.7, legend + 2.5, 1.5)
        doc.set_xy(x + 4.5, legend)
        doc.cell(doc.get_string_width(party) + 2, 5, party)
        x += doc.get_string_width(party) + 14
    doc.set_xy(doc.l_margin, legend + 7)


def _mark(doc: FPDF, position: int, x: float, y: float, r: float) -> None:
    """The employee's filled circle or the manager's filled square, centred on (x, y)."""
    red, green, blue = (int(PARTY_COLOURS[position][i : i + 2], 16) for i in (1, 3, 5))
    doc.set_fill_color(red, green, blue)
    if position == 0:
        doc.circle(x, y, r, style="F")
    else:
        doc.rect(x - r, y - r, 2 * r, 2 * r, style="F")
