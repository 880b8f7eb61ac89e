"""The release and flag ledgers of a party's scan: the queries of `reset_core.sharing`."""

from __future__ import annotations

from datetime import datetime

from ..model import Flag, Release, ReleaseVia, Respondent
from ._sql import Repository


class Sharing(Repository):
    def insert_release(
        self, case_id: int, moment_id: int, respondent: str, released: bool, now: datetime,
        via: str, by: str, how_asked: str = "",
    ) -> None:
        self.cur.execute(
            "INSERT INTO scan_releases (case_id, moment_id, respondent, released, recorded_at, via, recorded_by, how_asked) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [case_id, moment_id, respondent, released, now, via, by, how_asked],
        )

    def releases_of_case(self, case_id: int) -> list[Release]:
        """Every row of the case's release ledger, oldest first."""
        rows = self._all(
            "SELECT moment_id, respondent, released, recorded_at, via, recorded_by, how_asked FROM scan_releases "
            "WHERE case_id = ? ORDER BY id",
            [case_id],
        )
        return [Release(r[0], Respondent(r[1]), r[2], r[3], ReleaseVia(r[4]), r[5], r[6]) for r in rows]

    def insert_flag(
        self, case_id: int, moment_id: int, respondent: str, theme: str, flagged: bool, now: datetime,
        via: str, by: str, how_asked: str = "",
    ) -> None:
        self.cur.execute(
            "INSERT INTO scan_flags (case_id, moment_id, respondent, theme, flagged, recorded_at, via, recorded_by, how_asked) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [case_id, moment_id, respondent, theme, flagged, now, via, by, how_asked],
        )

    def flags_of_case(self, case_id: int) -> list[Flag]:
        """Every row of the case's flag ledger, oldest first."""
        rows = self._all(
            "SELECT moment_id, respondent, theme, flagged, recorded_at, via, recorded_by, how_asked FROM scan_flags "
            "WHERE case_id = ? ORDER BY id",
            [case_id],
        )
        return [Flag(r[0], Respondent(r[1]), r[2], r[3], r[4], ReleaseVia(r[5]), r[6], r[7]) for r in rows]
