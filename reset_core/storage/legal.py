"""The case's legal track: the queries of `reset_core.legal_track`."""

from __future__ import annotations

from datetime import datetime

from ..model import LegalTrack, Region, Track
from ._sql import Repository

_COLUMNS = "case_id, track, region, appeal_end, growth_reason, signatory_name, signatory_function, recorded_by, recorded_at, version"


def _track(row: tuple) -> LegalTrack:
    return LegalTrack(
        row[0], Track(row[1]), Region(row[2]) if row[2] else None, row[3], row[4] or "", row[5] or "", row[6] or "",
        row[7], row[8], row[9],
    )


class Legal(Repository):
    def track_of(self, case_id: int) -> LegalTrack | None:
        row = self._one(f"SELECT {_COLUMNS} FROM legal_tracks WHERE case_id = ?", [case_id])
        return _track(row) if row else None

    def tracks_of_cases(self, case_ids: list[int]) -> dict[int, LegalTrack]:
        if not case_ids:
            return {}
        rows = self._all(f"SELECT {_COLUMNS} FROM legal_tracks WHERE case_id = ANY(?)", [case_ids])
        return {row[0]: _track(row) for row in rows}

    def save_track(self, track: LegalTrack, by: str, now: datetime) -> None:
        t = track
        values = [t.track.value, t.region.value if t.region else None, t.appeal_end, t.growth_reason, t.signatory_name, t.signatory_function, by, now]
        counted = self.cur.execute(
            "UPDATE legal_tracks SET track = ?, region = ?, appeal_end = ?, growth_reason = ?, signatory_name = ?, "
            "signatory_function = ?, recorded_by = ?, recorded_at = ?, version = version + 1 WHERE case_id = ?",
            [*values, t.case_id],
        ).fetchone()
        if not (counted and counted[0]):
            self.cur.execute(
                "INSERT INTO legal_tracks (case_id, track, region, appeal_end, growth_reason, signatory_name, "
                "signatory_function, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [t.case_id, *values],
            )
