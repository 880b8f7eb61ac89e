"""Forms whose errors appear next to the field they concern.

A submit button gets `on_click=forms.action(form, fn)`: fn runs before the page is
drawn again, so a domain error can be drawn right under its field. Nothing is
half-saved: reset_core validates everything before it writes, and reports every
problem of a submission at once (`ValidationErrors`), each drawn under its own field.

A form that creates or saves something is drawn with `forms.request(form)` in its key
and passes that token to reset_core. A double click sends the same drawn form twice
(the second click often arrives before the page was drawn again); reset_core then
returns what the first click made instead of making it again. A successful
submission takes a new token, so the form drawn after it is a new request.

A form someone types into at length (a new insight, a goal, a follow-up talk) is drawn
with `draft_form` instead of st.form: st.form sends nothing until its button is pressed,
so what was typed was gone once the page was left first. Its fields are plain widgets
(`field`) whose values are kept for the session, sent with the button's click.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date

import streamlit as st

from reset_core.errors import ResetError, ValidationError
from reset_core.i18n import describe

from .state import lang

GENERAL = "_form"
# The range a date field offers: Streamlit's own is ten years either side of its value,
# too narrow for a sick leave that started long ago or a plan that runs far ahead.
EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)
# Per form: its messages, and the token of the submission it is drawn for. Plain dicts,
# taken from the session before a callback writes to the database: Streamlit checks for
# a newer click on every st.session_state access and stops the callback right there (a
# StopException, seen in a double click on "Scanmoment aanmaken"), so a session write
# *after* the database write can be cut off, while filling a dict already in hand cannot.
ERRORS = "_form_errors"
REQUESTS = "_form_requests"
DRAFTS = "_form_drafts"  # per draft form: what was typed into each field, by widget key
SENT = "_form_sent"  # draft forms whose last submission succeeded: their fields start empty


def _errors() -> dict[str, dict[str, str]]:
    return st.session_state.setdefault(ERRORS, {})


def _requests() -> dict[str, str]:
    return st.session_state.setdefault(REQUESTS, {})


def _drafts() -> dict[str, dict[str, object]]:
    return st.session_state.setdefault(DRAFTS, {})


def _sent() -> dict[str, bool]:
    return st.session_state.setdefault(SENT, {})


def request(form: str) -> str:
    """The token of the submission `form` is drawn for; unchanged until one succeeds."""
    requests = _requests()
    if form not in requests:  # drawn on every run: no fresh randomness unless it is used
        requests[form] = secrets.token_urlsafe(12)
    return requests[form]


def keyed(form: str) -> str:
    """The form's widget key: a new one per request, so that a stale click on the form
    drawn before a success reaches that request's callback, never the next one's."""
    return f"{form}_{request(form)}"


def _messages(exc: ResetError, language: str) -> dict[str, str]:
    messages: dict[str, str] = {}
    for each in getattr(exc, "errors", None) or (exc,):
        field = each.field or GENERAL
        text = describe(each, language)
        messages[field] = f"{messages[field]}\n\n{text}" if field in messages else text
    return messages


def action(
    form: str, fn: Callable[..., None], with_request: bool = False, request_of: str | None = None
) -> Callable[[], None]:
    """`with_request`: fn gets the request token of the form as drawn now (of `request_of`,
    when the form's drawn name differs from the name its errors go by)."""
    drawn = request_of or form
    token = request(drawn) if with_request or request_of else None

    def run() -> None:
        # Everything from the session first (see ERRORS): after fn has written, only the
        # dicts in hand are touched, so a success always takes its new token.
        errors, requests, language = _errors(), _requests(), lang()
        errors[form] = {}
        try:
            fn(token) if token else fn()
        except ResetError as exc:
            errors[form] = _messages(exc, language)
        else:
            if token:
                requests[drawn] = secrets.token_urlsafe(12)

    return run


@contextmanager
def draft_form(form: str) -> Iterator[None]:
    """In place of `st.form` where typing must survive leaving the page: `field` gives
    each widget its kept value, `submit` draws the button. After a success the fields
    start empty, as with clear_on_submit."""
    with st.container(border=True, key=f"draftform_{form}"):  # a name for tests to find it by
        yield
    _sent().pop(form, None)


def field(form: str, key: str) -> dict:
    """The widget arguments (key, on_change) of a text field of a `draft_form`, drawn
    without a `value`: the kept text takes its place. Choices are plain widgets: they are
    quick to make again, and a kept choice could be one the list no longer offers."""
    ss, drafts = st.session_state, _drafts().setdefault(form, {})
    if _sent().get(form):
        drafts.pop(key, None)
        ss[key] = ""  # set, not dropped: the browser shows what the session says only when told
    elif key not in ss and key in drafts:
        ss[key] = drafts[key]  # back on the page: what was typed before leaving it
    return {"key": key, "on_change": _keep, "args": (form, key)}


def _keep(form: str, key: str) -> None:
    _drafts().setdefault(form, {})[key] = st.session_state[key]


def submit(form: str, label: str, on_click: Callable[[], None], primary: bool = True) -> None:
    """The button of a `draft_form`, keyed per request like a form (see above); `on_click`
    is the form's `action`, with its request. Only this button empties the fields: another
    action under the same form name (dropping a goal) leaves what is being typed alone."""

    def clicked() -> None:
        errors, sent = _errors(), _sent()  # in hand before the database write (see ERRORS)
        on_click()
        if not errors.get(form):
            sent[form] = True

    st.button(label, key=f"{keyed(form)}_submit", type="primary" if primary else "secondary", on_click=clicked)


def error(form: str, field: str = GENERAL) -> None:
    """Draw the message for `field` of `form`, if its last submission left one."""
    message = _errors().get(form, {}).get(field)
    if message:
        st.error(message)


def succeeded(form: str) -> bool:
    """True right after a submission that left no error."""
    return form in _errors() and not _errors()[form]


def same_password(password: str, repeat: str) -> None:
    if password != repeat:
        raise ValidationError("account.passwords_differ", field="repeat")


def has_error(form: str, field: str) -> bool:
    return field in _errors().get(form, {})
