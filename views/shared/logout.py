"""Logging out ends the server-side session, so the old cookie opens nothing."""

import streamlit as st

from ui import auth
from ui.state import store, t, user

st.title(t("page.logout"))
st.write(t("logout.explain"))
if st.button(t("logout.submit"), type="primary", key="logout_submit"):
    auth.logout(store(), user())
    st.session_state["login_notice"] = "logout.done"
    st.rerun()
