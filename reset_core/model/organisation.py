"""The organisation the documents are made for: its name and logo on every page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Organisation:
    name: str = ""
    logo: bytes | None = None  # PNG or JPEG, checked when uploaded
    logo_type: str = ""  # "png" or "jpeg"
    updated_by: str = ""
    updated_at: datetime | None = None
    version: int = 0  # 0: never set
