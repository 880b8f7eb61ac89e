"""Per-process and per-session state the pages share."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlsplit

import streamlit as st

from reset_core import database, formats
from reset_core.allowed import Allowance, Use
from reset_core.errors import ResetError, StorageError, Unavailable
from reset_core.i18n import DEFAULT_LANGUAGE, describe, translate
from reset_core.model import User
from reset_core.storage import Store

T = TypeVar("T")


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


def theme_name(theme: str) -> str:
    """A theme's name in the user's language."""
    return formats.theme_name(theme, lang())


def show_error(exc: ResetError) -> None:
    # What the case does not allow now is no mistake of the user's: said, not flagged red.
    (st.warning if isinstance(exc, Unavailable) else st.error)(describe(exc, lang()))


def or_stop(fn: Callable[..., T], *args: object) -> T:
    """What `fn(*args)` returns; when reset_core refuses, its reason instead, and the
    page ends there (a page that cannot load its case has nothing else to draw)."""
    try:
        return fn(*args)
    except ResetError as exc:
        show_error(exc)
        st.stop()


def notify(page: str, text: str) -> None:
    """Say `text` on `page`'s next draw: a callback's own drawing is lost in the run
    that follows it, so what it did is told by the page, once."""
    st.session_state[f"{page}_notice"] = text


def notice(page: str, where: Any = st) -> None:
    """Draw (once) what `notify` left for `page`, in `where` (a container the page keeps
    in place, or the page)."""
    text = st.session_state.pop(f"{page}_notice", None)
    if text:
        where.success(text)


def refused(allowance: Allowance, use: Use) -> bool:
    """True, with the reason drawn, when the case does not allow `use` now (reset_core.allowed):
    the page then leaves out what it would offer for it."""
    refusal = allowance.refusal(use)
    if refusal is not None:
        show_error(refusal)
    return refusal is not None


# What the pages keep in a session that was built from a case: documents, exports, fresh
# scan links. Dropped when a case is erased, so that no copy of it outlives the erasure
# in this session's memory (the database holds nothing of it any more).
CASE_OUTPUTS = ("agreement_pdf", "scan_report_pdf", "scan_fresh_links", "scan_reissued", "intake_export_data", "privacy_export_data")


def forget_case_outputs() -> None:
    for key in CASE_OUTPUTS:
        st.session_state.pop(key, None)




def link_url(token: str, base: str | None = None) -> str:
    """The respondent's link: this server's address (or $RESET_PUBLIC_URL) + /?t=...

    The answer page is the only (so the default) page of a link visit, and a default
    page lives at the root: a sub-path would greet the respondent with "page not found".
    A callback passes the `base` it read before writing to the database (ui.forms.ERRORS).
    """
    return f"{base or link_base()}/?t={token}"


def space_url(token: str, base: str | None = None) -> str:
    """A party's personal space: like `link_url`, at the root, with ?p=..."""
    return f"{base or link_base()}/?p={token}"


def link_base() -> str:
    base = os.environ.get("RESET_PUBLIC_URL")
    if not base:
        parts = urlsplit(st.context.url or "http://127.0.0.1:8501/")
        base = f"{parts.scheme}://{parts.netloc}"
    return base.rstrip("/")
