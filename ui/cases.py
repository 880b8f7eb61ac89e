"""Choosing the case a page works on; the choice survives a refresh via ?case=ID."""

from __future__ import annotations

import streamlit as st

from reset_core import services
from reset_core.model import User
from reset_core.store import Store

from .state import t

NEW = 0


def pick_case(store: Store, me: User, key: str, allow_new: bool = False) -> int | None:
    """A select box of the user's own cases; None when 'new case' is chosen."""
    summaries = services.list_cases(store, me)
    labels = {s.case.id: t("intake.case_label", id=s.case.id, employee=s.case.employee.name) for s in summaries}
    options = ([NEW] if allow_new else []) + list(labels)
    if not options:
        st.info(t("home.no_cases"))
        st.stop()
    if key not in st.session_state:
        wanted = st.query_params.get("case", "")
        st.session_state[key] = int(wanted) if wanted.isdigit() and int(wanted) in labels else options[0]
    chosen = st.selectbox(
        t("intake.pick_case"), options, key=key,
        format_func=lambda case_id: t("intake.new_case") if case_id == NEW else labels[case_id],
    )
    if chosen == NEW:
        st.query_params.pop("case", None)
        return None
    st.query_params["case"] = str(chosen)
    return chosen


def go_to(page: str, case_id: int) -> None:
    """Open another case page on the same case (each page remembers its own choice)."""
    st.session_state[f"{page}_pick"] = case_id
    st.switch_page(f"pages/{page}.py")
