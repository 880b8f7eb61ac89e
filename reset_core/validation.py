"""The one rule for free text every form shares: trimmed, required when asked, within a
limit, and free of invisible control characters.

Each part of the product keeps its own messages (`<part>.required`, `<part>.too_long`);
the control characters have one message for every part (`error.control_character`)."""

from __future__ import annotations

import unicodedata

from .errors import ValidationError

# Line breaks and tabs are text; every other C0/C1 control (NUL included) and every
# bidirectional formatting character is not. A right-to-left override turns
# "Jan Peeters" into a name that reads differently on screen and in a PDF than it is
# stored, and a NUL cuts a string short in other programs: refused, with the position.
ALLOWED_CONTROLS = frozenset("\n\r\t")
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def refuse_control_characters(value: str, field: str) -> None:
    for position, char in enumerate(value, 1):
        if char in ALLOWED_CONTROLS:
            continue
        if char in BIDI_CONTROLS or unicodedata.category(char) == "Cc":
            raise ValidationError(
                "error.control_character", field=field, char=f"U+{ord(char):04X}", position=position
            )


def text(value: str | None, field: str, limit: int, part: str, required: bool = False, required_key: str = "") -> str:
    """`required_key` names a message that says what is missing, where "required" alone is too vague."""
    value = (value or "").strip()
    refuse_control_characters(value, field)
    if required and not value:
        raise ValidationError(required_key or f"{part}.required", field=field)
    if len(value) > limit:
        raise ValidationError(f"{part}.too_long", field=field, max=limit)
    return value
