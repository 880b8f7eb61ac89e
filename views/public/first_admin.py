"""First visit on an empty database: create the first administrator."""

import streamlit as st

from reset_core import accounts
from ui import forms
from ui.state import store, t

FORM = "first_admin"


def create() -> None:
    ss = st.session_state
    accounts.create_first_admin(
        store(), ss.first_admin_username, ss.first_admin_name, ss.first_admin_password, repeat=ss.first_admin_repeat
    )
    ss["login_notice"] = "first_admin.created"


st.title(t("first_admin.title"))
st.write(t("first_admin.intro"))
with st.form(FORM):
    st.text_input(t("account.username"), key="first_admin_username", max_chars=32, help=t("account.username_help"))
    forms.error(FORM, "username")
    st.text_input(t("account.name"), key="first_admin_name", max_chars=100)
    forms.error(FORM, "name")
    st.text_input(t("account.password"), type="password", key="first_admin_password", help=t("account.password_help"))
    forms.error(FORM, "password")
    st.text_input(t("account.password_repeat"), type="password", key="first_admin_repeat")
    forms.error(FORM, "repeat")
    st.form_submit_button(t("first_admin.submit"), type="primary", on_click=forms.action(FORM, create))
forms.error(FORM)
if forms.succeeded(FORM):
    st.rerun()  # the menu now offers the login page
