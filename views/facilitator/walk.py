"""A facilitator on a demo database: a guided walk through their own copy of the case
study, one step per part of the method, each opening the screen of that step on the
case, with the facilitator's tip beside it (reset_core.training.WALK)."""

import streamlit as st

from reset_core import training
from ui import focus
from ui.state import or_stop, store, t, user

st.title(t("training.walk.title"))
me, db = user(), store()
case_id = or_stop(training.case_study_case, db, me)
st.write(t("training.walk.intro"))
st.info(t("training.walk.fictitious"), icon=":material/school:")
if case_id is None:
    st.warning(t("training.walk.not_found"))
    st.stop()

for number, step in enumerate(training.WALK, start=1):
    with st.container(border=True, key=f"walk_step_{step}"):
        st.subheader(t("training.walk.step", number=number, title=t(f"training.walk.{step}.title")))
        what, tip = st.columns([3, 2])
        with what:
            st.write(t(f"training.walk.{step}.what"))
            if st.button(t("training.walk.open"), key=f"walk_open_{step}", icon=":material/arrow_forward:"):
                focus.go_to(step, case_id)
        with tip:
            st.caption(t("training.walk.tip"))
            st.success(t(f"training.walk.{step}.tip"), icon=":material/lightbulb:")
