"""Cohorts of trainees and where their copies stand: the queries of `reset_core.training`."""

from __future__ import annotations

from datetime import datetime

from ..model import Cohort, Copies, Trainee
from ._sql import Repository


class Training(Repository):
    def insert_cohort(self, name: str, by: str, now: datetime) -> int:
        row = self._one("INSERT INTO cohorts (name, made_by, made_at) VALUES (?, ?, ?) RETURNING id", [name, by, now])
        assert row is not None
        return row[0]

    def insert_trainee(self, username: str, cohort_id: int, seat: int) -> None:
        self.cur.execute("INSERT INTO trainees (username, cohort_id, seat) VALUES (?, ?, ?)", [username, cohort_id, seat])

    def _trainees(self, condition: str, params: list) -> list[Trainee]:
        rows = self._all(
            "SELECT t.username, u.name, t.cohort_id, t.seat, t.copies, t.copies_at, "
            "(SELECT count(*) FROM cases c WHERE c.facilitator = t.username) "
            f"FROM trainees t JOIN users u ON u.username = t.username WHERE {condition} ORDER BY t.cohort_id, t.seat",
            params,
        )
        return [Trainee(r[0], r[1], r[2], r[3], Copies(r[4]), r[5], r[6]) for r in rows]

    def trainee(self, username: str) -> Trainee | None:
        found = self._trainees("t.username = ?", [username])
        return found[0] if found else None

    def cohorts(self) -> list[Cohort]:
        """Every cohort with its trainees, the newest first."""
        trainees = self._trainees("true", [])
        rows = self._all("SELECT id, name, made_by, made_at FROM cohorts ORDER BY id DESC")
        return [Cohort(r[0], r[1], r[2], r[3], tuple(t for t in trainees if t.cohort_id == r[0])) for r in rows]

    def claim_copies(self, username: str, now: datetime, stale_before: datetime) -> bool:
        """Take the making of the trainee's copies, unless another run holds it (since
        after `stale_before`) or they are ready."""
        row = self._one(
            "UPDATE trainees SET copies = 'building', copies_at = ? WHERE username = ? "
            "AND (copies = 'pending' OR (copies = 'building' AND copies_at < ?)) RETURNING username",
            [now, username, stale_before],
        )
        return row is not None

    def set_copies(self, username: str, copies: Copies, now: datetime) -> None:
        self.cur.execute("UPDATE trainees SET copies = ?, copies_at = ? WHERE username = ?", [copies.value, now, username])

    def case_ids_of(self, username: str) -> list[int]:
        """Every case the trainee holds: the copies, and any case they opened themselves."""
        return [r[0] for r in self._all("SELECT id FROM cases WHERE facilitator = ? ORDER BY id", [username])]
