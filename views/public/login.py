"""The login form (streamlit-authenticator), with reset_core's checks behind it."""

import streamlit as st

from reset_core import database
from reset_core.errors import ResetError
from ui import auth
from ui.state import show_error, store, t

st.title(t("login.title"))
# Kept until the login succeeds: the login cookie's component reruns the page at once, and
# a notice gone in that rerun would shift the form, leaving a stale second form on screen.
notice = st.session_state.get("login_notice")
if notice:
    st.info(t(notice))

labels = {
    "Form name": t("login.form"),
    "Username": t("account.username"),
    "Password": t("account.password"),
    "Login": t("login.submit"),
}
try:
    user = auth.login_form(store(), labels)
except ResetError as exc:
    show_error(exc)
else:
    if user is not None:
        st.session_state.pop("login_notice", None)
        st.rerun()

if database.is_demo(store()):
    # Here, not at the top: reset_core.demo brings the demo's builders and the documents,
    # over a second of the first login page on an organisation's server (issue 19).
    from reset_core.demo import DEMO_PASSWORD, DEMO_USERS

    st.subheader(t("login.demo_accounts"))
    st.table(
        {
            t("account.username"): [u.username for u in DEMO_USERS],
            t("account.password"): [DEMO_PASSWORD] * len(DEMO_USERS),
            t("account.role"): [t(f"role.{u.role.value}") for u in DEMO_USERS],
        }
    )
