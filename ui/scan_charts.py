"""Scan charts on screen, built once per case and content instead of on every rerun.

Building an Altair chart validates it against the Vega-Lite schema, and drawing it
with st.altair_chart converts and validates it again: about 50-100 ms per chart on
every run on a 2-core server. The spec depends only on the data, so it is kept per
user and case (the user and the case are part of the key, as for all per-user data)
and drawn from the plain spec.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from reset_core.documents import charts

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
