"""The one rule for free text every form shares: trimmed, required when asked, within a limit.

Each part of the product keeps its own messages (`<part>.required`, `<part>.too_long`)."""

from __future__ import annotations

from .errors import ValidationError


def text(value: str | None, field: str, limit: int, part: str, required: bool = False) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError(f"{part}.required", field=field)
    if len(value) > limit:
        raise ValidationError(f"{part}.too_long", field=field, max=limit)
    return value
