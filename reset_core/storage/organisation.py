"""The organisation's name and logo: the queries of `reset_core.organisation`."""

from __future__ import annotations

from datetime import datetime

from ..model import Organisation
from ._sql import Repository


class Organisations(Repository):
    def profile(self) -> Organisation:
        row = self._one("SELECT name, logo, logo_type, updated_by, updated_at, version FROM organisation WHERE id = 1")
        if row is None:
            return Organisation()
        return Organisation(row[0] or "", bytes(row[1]) if row[1] is not None else None, row[2] or "", row[3], row[4], row[5])

    def save_profile(self, name: str, logo: bytes | None, logo_type: str, by: str, now: datetime) -> None:
        self.cur.execute(
            "INSERT INTO organisation (id, name, logo, logo_type, updated_by, updated_at) VALUES (1, ?, ?, ?, ?, ?) "
            "ON CONFLICT (id) DO UPDATE SET name = excluded.name, logo = excluded.logo, logo_type = excluded.logo_type, "
            "updated_by = excluded.updated_by, updated_at = excluded.updated_at, version = organisation.version + 1",
            [name, logo, logo_type, by, now],
        )
