"""Admin: the organisation's prevention actions, from the trajectories' evaluations: to
follow up (status per action, each change logged with its case by reset_core) and to
export for the prevention committee. Neither case number nor name is shown."""

import streamlit as st

from reset_core import prevention
from reset_core.formats import day
from reset_core.model import ActionStatus
from ui import forms
from ui.documents import offer_download
from ui.state import lang, notice, notify, or_stop, t, theme_name, user
from ui.state import store as open_store

FORM = "prevention_status"
me = user()
db = open_store()
ss = st.session_state

st.title(t("prevention.admin_title"))
st.write(t("prevention.admin_intro"))
notice("prevention")

actions = or_stop(prevention.action_list, db, me)
if not actions:
    st.info(t("prevention.admin_none"))
    st.stop()

shown = st.segmented_control(
    t("prevention.filter_status"), [None, *ActionStatus], default=None, key="prevention_filter",
    format_func=lambda s: t("prevention.filter_all") if s is None else t(f"prevention.status_{s.value}"),
)


def change(action_id: int) -> None:
    status = prevention.set_status(db, me, action_id, ss[f"prevention_status_{action_id}"]).status
    notify("prevention", t("prevention.status_saved", status=t(f"prevention.status_{status.value}")))


for action in actions:
    if shown is not None and action.status is not shown:
        continue
    with st.container(border=True):
        left, right = st.columns([3, 1])
        with left:
            st.caption(f"{t(f'prevention.level_{action.level.value}')} · {theme_name(action.theme) if action.theme else '-'}")
            st.text(action.description)
            st.caption(t(
                "prevention.action_owner_due", owner=action.owner or t("prevention.no_owner"),
                due=day(action.due_on, lang()) if action.due_on else t("prevention.no_due"),
            ))
        statuses = list(ActionStatus)
        right.selectbox(
            t("prevention.status"), statuses, index=statuses.index(action.status), key=f"prevention_status_{action.id}",
            format_func=lambda s: t(f"prevention.status_{s.value}"),
            on_change=forms.action(FORM, lambda action_id=action.id: change(action_id)),
        )
forms.error(FORM, "status")
forms.error(FORM)

offer_download(
    t("prevention.download"), lambda: prevention.to_csv(prevention.action_list(db, me), lang()),
    file_name="reset-prevention-actions.csv", mime="text/csv", key="prevention_download",
    on_click=lambda: prevention.record_export(db, me),
)
