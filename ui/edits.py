"""Fields that save themselves when they are left, and choices kept apart from widgets.

Why not simply `st.text_area(key=...)` seeded once from the database: Streamlit keeps a
widget's value on the server and in the browser separately, and the two can part. After
a page switch whose run was cut short (a click in the sidebar while a field was being
left), the server kept the old values while the browser drew the widgets anew at their
declared defaults: blank notes and "+ Nieuw gesprek". The next rerun then sent those
blanks back as if typed, and `on_change` wrote them over the stored notes.

So a saving field here:
- is drawn with the stored text as its default (`value=`), never seeded through
  st.session_state: whenever the browser draws it anew, it shows what is stored;
- remembers, per widget key, the version of the text it was drawn from, and saves
  against that version; reset_core refuses a save from an older version (`StaleEdit`)
  and writes nothing for a text that did not change;
- gets a new widget key when the stored text changed elsewhere, so that no widget state
  outlives the version it belongs to; our own saves keep the key, so the field is not
  redrawn under the cursor;
- shows when the text was saved, and a refused text in a block to copy from;
- saves from its `on_change` callback, which Streamlit runs even when the click that
  left the field goes to another page, and again from the script body when a changed
  value reached the page without its callback (a callback can be dropped when a rerun
  interrupts a run: Streamlit issues #8365, #8291); a text that did not change is never
  written, so the second try costs nothing.

A choice (which conversation, which party) lives in plain session state, which Streamlit
never drops; its widget is drawn from it, under a key that changes whenever the page
changes the choice itself.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

import streamlit as st

from reset_core.errors import ResetError, StaleEdit
from reset_core.i18n import describe

from .state import lang, t

T = TypeVar("T")

_BASES = "edits_bases"  # widget key -> (version, text) the widget was drawn from or last saved


@dataclass(frozen=True)
class Stored:
    """A text as reset_core returns it after a save."""

    text: str
    version: int
    saved_at: datetime | None = None


def _gen_key(name: str) -> str:
    return f"{name}__gen"


def _problem_key(name: str) -> str:
    return f"{name}__problem"


def _refused_key(name: str) -> str:
    return f"{name}__refused"


def saved_at_caption(saved_at: datetime | None, now: datetime | None = None) -> str:
    """'Opgeslagen om 14:32' today, 'Opgeslagen op 27/11/2026 om 14:32' another day."""
    if saved_at is None:
        return ""
    now = now or datetime.now()
    time = f"{saved_at:%H:%M}"
    if saved_at.date() == now.date():
        return t("edit.saved_at_today", time=time)
    return t("edit.saved_at_day", date=f"{saved_at:%d/%m/%Y}", time=time)


def _bases() -> dict[str, tuple[int, str]]:
    return st.session_state.setdefault(_BASES, {})


def _save(name: str, widget_key: str, save: Callable[[str, int], Stored]) -> Stored | None:
    """Save what the widget holds against the version it was drawn from; what was stored,
    or None when nothing was (nothing changed, or a message says why)."""
    ss = st.session_state
    if widget_key not in ss:
        return None  # the widget's state is gone: nothing was typed that could be saved
    typed = ss[widget_key] or ""
    bases = _bases()  # in hand before the save: a session access after it can be cut off (ui/forms.py)
    version, text = bases[widget_key]
    if typed == text:
        return None
    try:
        stored = save(typed, version)
    except StaleEdit as exc:
        # Keep the user's words to copy; the field is drawn again from what is stored.
        ss[_refused_key(name)] = typed
        ss[_problem_key(name)] = describe(exc, lang())
        return None
    except ResetError as exc:
        ss[_problem_key(name)] = describe(exc, lang())  # the text stays in the field
        return None
    bases[widget_key] = (stored.version, stored.text)
    ss.pop(_problem_key(name), None)
    return stored


def text_area(
    name: str,
    label: str,
    stored: Stored,
    save: Callable[[str, int], Stored],
    *,
    max_chars: int | None = None,
    height: int | None = None,
    help: str | None = None,
) -> str:
    """A text area that saves itself when left; `save(text, base_version)` calls reset_core
    and returns what it stored. `name` is unique on the page (and per record)."""
    ss = st.session_state
    bases = _bases()
    gen = ss.get(_gen_key(name), 0)
    widget_key = f"{name}_{gen}"
    if widget_key in bases and bases[widget_key][0] != stored.version:
        # Saved elsewhere since this field was drawn (or its save was refused): draw a
        # new field from what is stored, never keep a copy of an older version.
        gen += 1
        ss[_gen_key(name)] = gen
        widget_key = f"{name}_{gen}"
    if widget_key not in bases:
        bases[widget_key] = (stored.version, stored.text)
    value = st.text_area(
        label, value=bases[widget_key][1], key=widget_key, max_chars=max_chars, height=height, help=help,
        on_change=_save, args=(name, widget_key, save),
    )
    if value != bases[widget_key][1] and _problem_key(name) not in ss:
        stored = _save(name, widget_key, save) or stored  # the change came without its callback
    problem = ss.get(_problem_key(name))
    if problem:
        st.error(problem)
    refused = ss.get(_refused_key(name))
    if refused is not None:
        st.caption(t("edit.yours"))
        st.code(refused, language=None, wrap_lines=True)
        st.button(t("edit.dismiss"), key=f"{name}__dismiss", on_click=_dismiss, args=(name,))
    caption = saved_at_caption(stored.saved_at)
    if caption:
        st.caption(caption)
    return value


def _dismiss(name: str) -> None:
    st.session_state.pop(_refused_key(name), None)
    st.session_state.pop(_problem_key(name), None)


def choice(
    widget: Callable[..., Any],
    label: str,
    options: Sequence[T],
    state_key: str,
    default: T,
    format_func: Callable[[T], str],
    **kwargs: Any,
) -> T:
    """A select box or radio (`widget`) whose choice lives in st.session_state[state_key].

    A select box reports the label of its option, so a label that changes (a count in
    it) or a widget drawn anew after a page switch would fall back to the first option;
    drawn from the plain state, it falls back to the choice instead."""
    ss = st.session_state
    options = list(options)
    if ss.get(state_key) not in options:
        ss[state_key] = default
    chosen = ss[state_key]
    picked = widget(
        label, options, index=options.index(chosen), key=f"{state_key}_{ss.get(_gen_key(state_key), 0)}",
        format_func=format_func, **kwargs,
    )
    if picked in options and picked != chosen:
        ss[state_key] = picked
        return picked
    return chosen


def choose(state_key: str, value: object) -> None:
    """Change a `choice` from the page (a callback): its widget is drawn anew with it."""
    ss = st.session_state
    ss[state_key] = value
    ss[_gen_key(state_key)] = ss.get(_gen_key(state_key), 0) + 1
