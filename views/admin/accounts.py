"""Admin: the accounts of this installation and backups. An admin sees accounts, never case
contents; the data-protection duties (export, erasure, retention) are on views/admin/privacy.py."""

from pathlib import Path

import streamlit as st

from reset_core import accounts, database
from reset_core.config import data_dir as settings_folder
from reset_core.errors import ResetError
from reset_core.model import Role
from ui import forms
from ui.documents import offer_download
from ui.state import notice, notify, show_error, store, t, user
from ui.text import plain

ADD = "accounts_add"



def _status(a) -> str:
    status = t("accounts.active") if a.active else t("accounts.inactive")
    if a.locked_places:
        status += "; " + t("accounts.locked", places=a.locked_places, time=a.locked_until.strftime("%H:%M"))
    return status


st.title(t("accounts.title"))
me = user()
listing = accounts.accounts(store(), me)
st.dataframe(
    [
        {
            t("account.username"): a.username,
            t("account.name"): a.name,
            t("account.role"): t(f"role.{a.role.value}"),
            t("accounts.status"): _status(a),
            t("accounts.created"): a.created_at,
        }
        for a in listing
    ],
    hide_index=True,
    width="stretch",
)

st.header(t("accounts.add_title"))


def add(request: str) -> None:
    ss = st.session_state
    accounts.add_user(
        store(), me, ss.accounts_add_username, ss.accounts_add_name, ss.accounts_add_password, ss.accounts_add_role,
        repeat=ss.accounts_add_repeat, request=request,
    )
    notify("accounts", t("accounts.added", username=plain(ss.accounts_add_username.strip().lower())))
    for key in ("accounts_add_username", "accounts_add_name", "accounts_add_password", "accounts_add_repeat"):
        ss[key] = ""


with st.form(forms.keyed(ADD)):
    st.text_input(t("account.username"), key="accounts_add_username", max_chars=32, help=t("account.username_help"))
    forms.error(ADD, "username")
    st.text_input(t("account.name"), key="accounts_add_name", max_chars=100)
    forms.error(ADD, "name")
    st.selectbox(t("account.role"), [Role.FACILITATOR, Role.ADMIN], key="accounts_add_role", format_func=lambda r: t(f"role.{r.value}"))
    st.text_input(t("account.password"), type="password", key="accounts_add_password", help=t("account.password_help"))
    forms.error(ADD, "password")
    st.text_input(t("account.password_repeat"), type="password", key="accounts_add_repeat")
    forms.error(ADD, "repeat")
    st.form_submit_button(t("accounts.add_submit"), type="primary", on_click=forms.action(ADD, add, with_request=True))
forms.error(ADD)
notice("accounts")

st.header(t("accounts.change_title"))
others = [a for a in listing if a.username != me.username]
if others:
    chosen = st.selectbox(
        t("account.username"), others, key="accounts_change_user",
        format_func=lambda a: f"{a.username} ({a.name})",
    )
    left, right = st.columns(2)
    with left:
        label = "accounts.deactivate" if chosen.active else "accounts.reactivate"
        if st.button(t(label), key="accounts_toggle_active"):
            try:
                accounts.set_active(store(), me, chosen.username, not chosen.active)
            except ResetError as exc:
                show_error(exc)
            else:
                st.rerun()
        if chosen.locked_places and st.button(t("accounts.unlock"), key="accounts_unlock"):
            try:
                places = accounts.unlock(store(), me, chosen.username)
            except ResetError as exc:
                show_error(exc)
            else:
                notify("accounts", t("accounts.unlocked", username=plain(chosen.username), places=places))
                st.rerun()
    with right:
        st.caption(t("accounts.reset_explain"))
        if st.button(t("accounts.reset_password"), key="accounts_reset_password"):
            try:
                one_time = accounts.reset_password(store(), me, chosen.username)
            except ResetError as exc:
                show_error(exc)
            else:
                # Shown once, in this run only: it is not kept in the session.
                st.success(t("accounts.password_was_reset", username=plain(chosen.username)))
                st.code(one_time, language=None)

st.header(t("accounts.backup_title"))
st.write(t("accounts.backup_explain"))
if st.button(t("accounts.backup_make"), key="accounts_backup"):
    with st.spinner(t("accounts.backup_busy")):
        made = database.backup_for(store(), me, settings_folder() / "backups")
    st.session_state["accounts_backup_file"] = str(made)
made = st.session_state.get("accounts_backup_file")
if made:
    st.success(t("accounts.backup_done", path=made))
    offer_download(
        t("accounts.backup_download"), Path(made).read_bytes, file_name=Path(made).name,
        mime="application/octet-stream", key="accounts_backup_download",
    )
