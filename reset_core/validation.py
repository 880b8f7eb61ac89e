"""The one rule for free text every form shares: trimmed, required when asked, within a limit.

Each part of the product keeps its own messages (`<part>.required`, `<part>.too_long`)."""

from __future__ import annotations

from .errors import ValidationError


def text(value: str | None, field: str, limit: int, part: str, required: bool = False, required_key: str = "") -> str:
    """`required_key` names a message that says what is missing, where "required" alone is too vague."""
    value = (value or "").strip()
    if required and not value:
        raise ValidationError(required_key or f"{part}.required", field=field)
    if len(value) > limit:
        raise ValidationError(f"{part}.too_long", field=field, max=limit)
    return value
