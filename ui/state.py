"""Per-process and per-session state the pages share."""

from __future__ import annotations

import streamlit as st

from reset_core import database
from reset_core.errors import ResetError, StorageError
from reset_core.i18n import DEFAULT_LANGUAGE, describe, translate
from reset_core.model import User
from reset_core.store import Store


@st.cache_resource(show_spinner=False)
def _open_store() -> Store:
    # One read-write connection per server process; DuckDB allows no second one.
    return database.open_store()


def store() -> Store:
    try:
        return _open_store()
    except StorageError as exc:  # not cached: the next visit tries again
        st.error(describe(exc, lang()))
        st.stop()


def lang() -> str:
    return st.session_state.get("lang", DEFAULT_LANGUAGE)


def t(key: str, **params: object) -> str:
    return translate(key, lang(), **params)


def user() -> User:
    """The logged-in user, as app.py established it for this run."""
    current = st.session_state.get("user")
    if current is None:
        st.stop()
    return current


def show_error(exc: ResetError) -> None:
    st.error(describe(exc, lang()))


