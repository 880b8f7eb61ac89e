"""The parties' personal space links: the queries of `reset_core.party_space`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..model import Respondent
from ._sql import Repository


@dataclass(frozen=True)
class SpaceLink:
    id: int
    case_id: int
    respondent: Respondent
    language: str
    created_by: str
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    opened_at: datetime | None
    last_opened_at: datetime | None


class Spaces(Repository):
    _SELECT = (
        "SELECT id, case_id, respondent, language, created_by, created_at, expires_at, revoked_at, "
        "opened_at, last_opened_at FROM space_links "
    )

    @staticmethod
    def _link(row: tuple) -> SpaceLink:
        return SpaceLink(row[0], row[1], Respondent(row[2]), *row[3:])

    def insert_link(
        self, case_id: int, respondent: str, token_hash: str, language: str, by: str, now: datetime, expires: datetime,
    ) -> None:
        self.cur.execute(
            "INSERT INTO space_links (case_id, respondent, token_hash, language, created_by, created_at, expires_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [case_id, respondent, token_hash, language, by, now, expires],
        )

    def revoke_links(self, case_id: int, respondent: str, now: datetime) -> None:
        self.cur.execute(
            "UPDATE space_links SET revoked_at = ? WHERE case_id = ? AND respondent = ? AND revoked_at IS NULL",
            [now, case_id, respondent],
        )

    def link_by_hash(self, token_hash: str) -> SpaceLink | None:
        row = self._one(self._SELECT + "WHERE token_hash = ?", [token_hash])
        return self._link(row) if row else None

    def links_of_case(self, case_id: int) -> list[SpaceLink]:
        return [self._link(r) for r in self._all(self._SELECT + "WHERE case_id = ? ORDER BY id", [case_id])]

    def mark_opened(self, link_id: int, now: datetime) -> None:
        self.cur.execute(
            "UPDATE space_links SET opened_at = coalesce(opened_at, ?), last_opened_at = ? WHERE id = ?",
            [now, now, link_id],
        )
