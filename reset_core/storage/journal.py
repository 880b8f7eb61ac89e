"""The audit log (who did what, when) and the requests already carried out (one per
submitted form, so a repeat returns what the first made). Written by every use case
through `reset_core.services`; read by `reset_core.history`."""

from __future__ import annotations

from datetime import datetime

from ..model import AuditEntry
from ._sql import Repository


class Journal(Repository):
    def audit(self, at: datetime, actor: str, case_id: int | None, action: str, detail: str = "") -> None:
        self.cur.execute(
            "INSERT INTO audit_log (logged_at, actor, case_id, action, detail) VALUES (?, ?, ?, ?, ?)",
            [at, actor, case_id, action, detail],
        )

    # requests: one per submitted form, so a repeat returns what the first made
    def request_done(self, token: str, action: str, actor: str) -> tuple[bool, int | None]:
        """(True, what it made) when this actor already completed this request."""
        row = self._one(
            "SELECT made_id FROM requests WHERE token = ? AND action = ? AND actor = ?", [token, action, actor]
        )
        return (True, row[0]) if row else (False, None)

    def insert_request(
        self, token: str, action: str, actor: str, case_id: int | None, made_id: int | None, now: datetime
    ) -> None:
        self.cur.execute(
            "INSERT INTO requests (token, action, actor, case_id, made_id, done_at) VALUES (?, ?, ?, ?, ?, ?)",
            [token, action, actor, case_id, made_id, now],
        )

    def audit_of_case(self, case_id: int) -> list[AuditEntry]:
        rows = self._all(
            "SELECT logged_at, actor, case_id, action, detail FROM audit_log WHERE case_id = ? ORDER BY id",
            [case_id],
        )
        return [AuditEntry(*r) for r in rows]

    def audit_of_actor(self, actor: str) -> list[AuditEntry]:
        rows = self._all(
            "SELECT logged_at, actor, case_id, action, detail FROM audit_log WHERE actor = ? ORDER BY id",
            [actor],
        )
        return [AuditEntry(*r) for r in rows]
