"""Saving text that a screen edits in place, against the version the screen was drawn from.

A screen can be stale: another tab saved the same note since, or Streamlit drew a field
from a copy of an older run. Whatever such a screen sends must never overwrite what was
stored since. So every row of edited text carries a version that each save raises, a
screen passes the version it read (`base`), and a save from an older version is refused
with `StaleEdit`. A save that changes nothing writes nothing: a field that merely comes
back with what is stored is not an edit, whatever its version.
"""

from __future__ import annotations

from datetime import datetime

from .errors import StaleEdit


def stamp(moment: datetime | None) -> str:
    """A moment as the Belgian screen writes it: 27/11/2026 14:32."""
    return f"{moment:%d/%m/%Y %H:%M}" if moment else ""


def check_base(stored_version: int, base: int | None, field: str, saved_at: datetime | None) -> None:
    """Refuse a save drawn from another version than the stored one. `base` None: a
    writer without a screen (the demo, the command line) that reads and writes at once."""
    if base is not None and base != stored_version:
        raise StaleEdit(field, saved_at=stamp(saved_at))
