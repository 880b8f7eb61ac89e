"""The opening of a page reached by a personal link instead of an account (the scan link
?t=, the personal space ?p=): the token checked on every run, the visit logged once, and
a bad link refused with one message that tells nothing, slower with every guess."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Protocol, TypeVar

import streamlit as st

from reset_core import scan
from reset_core.errors import ResetError, Unavailable
from reset_core.i18n import LANGUAGES, describe

from .state import lang, t


class LinkSession(Protocol):
    language: str


S = TypeVar("S", bound=LinkSession)


def slow_down(page: str) -> None:
    """After a wrong link: this browser session's next answer comes later, guess by guess."""
    ss = st.session_state
    ss[f"{page}_failures"] = ss.get(f"{page}_failures", 0) + 1
    time.sleep(scan.bad_token_delay(ss[f"{page}_failures"]))  # guessing gets slow


def open_page(
    page: str, param: str, title: str, language_choice: str, *, first_visit: Callable[[str], S], again: Callable[[str], S],
    refused: type[ResetError], on_first_visit: Callable[[], None] = lambda: None,
) -> tuple[str, S]:
    """The token and its session under the page's title and language choice, or the page
    stops with the refusal under `title`. `first_visit` logs the visit (once per browser
    session); `again` only checks."""
    ss = st.session_state
    token = st.query_params.get(param, "")
    try:
        if ss.get(f"{page}_token") == token:
            session = again(token)
        else:
            session = first_visit(token)
            ss[f"{page}_token"] = token
            on_first_visit()  # a new visit (reload, new tab): nothing of the last one carries over
            ss["lang"] = session.language  # the language the facilitator chose; switchable below
        st.title(t(title))
        st.radio(t(language_choice), LANGUAGES, key="lang", horizontal=True, format_func=lambda code: t(f"app.language_{code}"))
        return token, session
    except refused as refusal:
        slow_down(page)
        st.title(t(title))
        st.error(t(refusal.key))
    except Unavailable as stopped:  # a real link on a case that takes nothing now: why, calmly
        st.title(t(title))
        st.info(describe(stopped, lang()))
    st.stop()
    raise AssertionError("st.stop() ends the run")  # for the type checker
