"""Scan charts on screen, built once per case and content instead of on every rerun.

Building an Altair chart validates it against the Vega-Lite schema, and drawing it
with st.altair_chart converts and validates it again: about 50-100 ms per chart on
every run on a 2-core server. The spec depends only on the data, so it is kept per
user and case (the user and the case are part of the key, as for all per-user data)
and drawn from the plain spec.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from reset_core import scan
from reset_core.documents import charts
from reset_core.instrument import load_instrument
from reset_core.scoring import MirrorRow

from .state import lang, t, theme_name

COMPARISON, TREND = "comparison", "trend"


@st.cache_data(max_entries=500, show_spinner=False)
def _spec(kind: str, username: str, case_id: int, frame: pd.DataFrame, large: bool) -> dict:
    chart = charts.comparison_chart(frame, large=large) if kind == COMPARISON else charts.trend_chart(frame)
    return chart.to_dict()


def comparison(frame: pd.DataFrame, username: str, case_id: int, large: bool = False) -> None:
    """The whole width of the page; `large`: the type for the joint screen, read from afar."""
    st.vega_lite_chart(spec=_spec(COMPARISON, username, case_id, frame, large), width="stretch")


def trend(frame: pd.DataFrame, username: str, case_id: int) -> None:
    st.vega_lite_chart(spec=_spec(TREND, username, case_id, frame, False), width="content")


def trends(results: Sequence[scan.MomentResult], username: str, case_id: int, need_two: str = "scan.trends_need_two") -> None:
    """The course over the moments, one chart per scan version: scores of two versions
    never share a chart, and when the case has more than one version the page says why."""
    groups = scan.by_version(results)
    several = len(groups) > 1
    if several:
        st.warning(t("scan_versions.across"))
    for version, group in groups:
        if several:
            st.markdown(f"**{t('scan_versions.version_of', version=version)}**")
        if len(group) < 2:
            st.caption(t("scan_versions.single", version=version) if several else t(need_two))
            continue
        points = [(t(f"moment_kind.{r.moment.kind.value}"), r.employee, r.manager) for r in group]
        trend(charts.trend_frame(points, theme_name, lambda party: t(f"scan.{party}_score")), username, case_id)


def mirror_table(rows: Sequence[MirrorRow], version: int) -> None:
    """Every statement with both parties' answers, the largest gap first: the rows as
    reset_core ordered them (scoring.item_mirror), in the user's words and numbers."""
    st.caption(t("goals.mirror_explain") + " " + t("goals.mirror_version", version=version))
    instrument = load_instrument(version)
    items = {item.id: item for item in instrument.items}

    def answer(value: int | None) -> str:
        return t("goals.mirror_not_applicable") if value is None else str(value)

    st.dataframe(
        [
            {
                t("goals.mirror_theme"): theme_name(row.theme),
                t("goals.mirror_statement_employee"): items[row.item_id].text("employee", lang())
                + (f" ({t('goals.mirror_reverse')})" if row.reverse else ""),
                t("goals.mirror_statement_manager"): items[row.item_id].text("manager", lang()),
                t("goals.mirror_employee"): answer(row.employee),
                t("goals.mirror_manager"): answer(row.manager),
                t("goals.mirror_gap"): "-" if row.gap is None else f"{row.gap:+d}" if row.gap else "0",
            }
            for row in rows
        ],
        hide_index=True, width="stretch",
    )
