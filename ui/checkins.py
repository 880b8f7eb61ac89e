"""The check-in's questions, the same whether a party answers in their own space or the
facilitator records what a party said in a call."""

from __future__ import annotations

import streamlit as st

from reset_core import checkins

from . import forms
from .state import t


def questions(form: str, horizontal: bool = False) -> None:
    """Draw the questions inside `form`'s draft form, each with its message. The party's
    space keeps the answers one under the other: on a phone each is a tap target of its own."""
    st.radio(
        t("checkins.rating"), list(checkins.RATINGS), index=None, key=f"{form}_rating", horizontal=horizontal,
        format_func=lambda n: t(f"checkins.rating_{n}"),
    )
    forms.error(form, "week_rating")
    st.number_input(
        t("checkins.hours_worked"), min_value=0.0, max_value=checkins.MAX_HOURS, step=0.5, value=None,
        key=f"{form}_hours", help=t("checkins.hours_help"),
    )
    forms.error(form, "hours_worked")
    for field in ("helped", "hindered", "to_discuss"):
        st.text_area(t(f"checkins.{field}"), max_chars=checkins.MAX_TEXT, **forms.field(form, f"{form}_{field}"))
        forms.error(form, field)
