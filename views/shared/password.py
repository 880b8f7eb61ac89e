"""Choosing one's own password: right after a login with a one-time password (nothing
else is reachable then, and the owner is told who reset it and when), or any time."""

import streamlit as st

from reset_core import accounts
from ui import forms
from ui.state import notice, notify, store, t, user
from ui.text import plain

FORM = "password_change"

me = user()


def change() -> None:
    ss = st.session_state
    forms.same_password(ss.password_new, ss.password_repeat)
    accounts.change_password(store(), me, ss.password_new, ss.get("password_current"))
    for key in ("password_current", "password_new", "password_repeat"):
        ss[key] = ""
    notify("password", t("password.changed"))


if me.must_change_password:
    st.title(t("password.forced_title"))
    reset = accounts.pending_reset(store(), me)
    if reset is not None:
        st.info(t(
            "password.forced_intro", name=plain(reset.by_name), username=plain(reset.by),
            date=reset.at.strftime("%d/%m/%Y"), time=reset.at.strftime("%H:%M"),
        ))
    st.caption(t("password.forced_warning"))
else:
    st.title(t("password.title"))
    st.write(t("password.intro"))
with st.form(FORM, clear_on_submit=False):
    if not me.must_change_password:
        st.text_input(t("account.current_password"), type="password", key="password_current")
        forms.error(FORM, "current")
    st.text_input(t("password.new"), type="password", key="password_new", help=t("account.password_help"))
    forms.error(FORM, "password")
    st.text_input(t("password.repeat"), type="password", key="password_repeat")
    forms.error(FORM, "repeat")
    st.form_submit_button(t("password.submit"), type="primary", on_click=forms.action(FORM, change))
forms.error(FORM)
notice("password")
