"""Forms whose errors appear next to the field they concern.

A submit button gets `on_click=forms.action(form, fn)`: fn runs before the page is
drawn again, so a domain error can be drawn right under its field. Nothing is
half-saved: reset_core validates everything before it writes.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from reset_core.errors import ResetError, ValidationError
from reset_core.i18n import describe

from .state import lang

GENERAL = "_form"


def _errors_key(form: str) -> str:
    return f"{form}_errors"


def action(form: str, fn: Callable[[], None]) -> Callable[[], None]:
    def run() -> None:
        st.session_state[_errors_key(form)] = {}
        try:
            fn()
        except ResetError as exc:
            messages: dict[str, str] = {}
            for each in getattr(exc, "errors", None) or (exc,):  # ValidationErrors: one per field
                messages.setdefault(each.field or GENERAL, describe(each, lang()))
            st.session_state[_errors_key(form)] = messages

    return run


def error(form: str, field: str = GENERAL) -> None:
    """Draw the message for `field` of `form`, if its last submission left one."""
    message = st.session_state.get(_errors_key(form), {}).get(field)
    if message:
        st.error(message)


def succeeded(form: str) -> bool:
    """True right after a submission that left no error."""
    return _errors_key(form) in st.session_state and not st.session_state[_errors_key(form)]


def same_password(password: str, repeat: str) -> None:
    if password != repeat:
        raise ValidationError("account.passwords_differ", field="repeat")


def has_error(form: str, field: str) -> bool:
    return field in st.session_state.get(_errors_key(form), {})
