"""The facilitator's home: their own cases, where each stands, what comes next."""

import streamlit as st

from reset_core import services
from ui.state import store, t, user

st.title(t("home.title"))
me = user()
summaries = services.list_cases(store(), me)
if not summaries:
    st.info(t("home.no_cases"))
else:
    st.dataframe(
        [
            {
                t("home.employee"): s.case.employee.name,
                t("home.job"): s.case.employee.job_title,
                t("home.manager"): s.case.manager.name,
                t("home.phase"): t(f"phase.{s.case.phase.value}"),
                t("home.next_step"): t(s.next_step),
                t("home.days_sick"): s.days_since_sick_leave,
            }
            for s in summaries
        ],
        hide_index=True,
        use_container_width=True,
    )
