"""The facilitator's home: what is due, early signs, and their own cases."""

import streamlit as st

from reset_core import checkins, followup, services
from reset_core.formats import day
from ui import focus
from ui.followup import due_label, due_state, signal_text
from ui.state import store, t, user
from ui.text import plain

st.title(t("home.title"))
me = user()
db = store()

due = followup.due_items(db, me)
st.header(t("home.due_title"))
if not due:
    st.caption(t("home.due_none"))
else:
    st.dataframe(
        [
            {
                t("home.due_case"): f"#{item.case_id} {item.employee}",
                t("home.due_what"): due_label(item),
                t("home.due_when"): day(item.due_on),
                t("home.due_state"): due_state(item),
            }
            for item in due
        ],
        hide_index=True,
        width="stretch",
    )

# The week before a return: what of the reboarding checklist is still open (kept at the intake).
reboarding = checkins.reboarding_due(db, me)
if reboarding:
    st.header(t("checkins.home_title"))
    st.caption(t("checkins.home_intro"))
for coming in reboarding:
    with st.container(border=True):
        st.write(plain(t("checkins.home_line", id=coming.case_id, name=coming.employee, date=day(coming.return_on))))
        if coming.still_open:
            st.caption(t("checkins.home_open"))
            st.text("\n".join(f"• {t(f'intake.{item}')}" for item in coming.still_open))
        else:
            st.caption(t("checkins.home_all_done"))
        if st.button(t("checkins.home_open_case"), key=f"home_reboarding_{coming.case_id}"):
            focus.go_to("intake", coming.case_id)

summaries = services.list_cases(db, me)
signals = followup.all_signals(db, me)
if signals:
    st.header(t("home.signals_title"))
    names = {s.case.id: s.case.employee.name for s in summaries}
    # One list, not a box per sign: a hundred boxes cost the facilitator's click its speed (issue 19).
    lines = (plain(f"#{signal.case_id} {names.get(signal.case_id, '')}: {signal_text(signal)}") for signal in signals)
    st.warning("\n".join(f"- {line}" for line in lines), icon=":material/flag:")

st.header(t("home.cases"))
if not summaries:
    st.info(t("home.no_cases"))
else:
    st.caption(t("home.open_hint"))
    picked = st.dataframe(
        [
            {
                t("home.employee"): f"#{s.case.id} {s.case.employee.name}",
                t("home.job"): s.case.employee.job_title,
                t("home.manager"): s.case.manager.name,
                t("home.phase"): t(f"phase.{s.case.phase.value}"),
                t("home.next_step"): t(s.next_step),
                t("home.days_sick"): s.days_since_sick_leave,
            }
            for s in summaries
        ],
        hide_index=True,
        width="stretch",
        key="home_cases",
        on_select="rerun",
        selection_mode="single-row",
    )
    if picked.selection.rows:
        focus.open_next_step(summaries[picked.selection.rows[0]])
