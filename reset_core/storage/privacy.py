"""A whole case: the right of access and the right to erasure, the administrator's
register and the retention period. The queries of `reset_core.privacy`."""

from __future__ import annotations

from datetime import date

from ..model import CaseRecord, KeptPlan, Phase
from ._sql import Repository


class Privacy(Repository):
    def _case_tables(self) -> tuple[list[str], list[str]]:
        """Tables holding case data: by a case_id column, or through a scan moment or a follow-up."""
        columns = self._all(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_catalog = current_database() AND column_name IN ('case_id', 'moment_id', 'followup_id')"
        )
        by_case = sorted({t for t, c in columns if c == "case_id" and t != "audit_log"})
        indirect = sorted({t for t, c in columns if c in ("moment_id", "followup_id")} - set(by_case))
        return by_case, indirect

    def _indirect_condition(self, table: str) -> str:
        columns = {r[0] for r in self._all(
            "SELECT column_name FROM information_schema.columns WHERE table_catalog = current_database() AND table_name = ?",
            [table],
        )}
        if "moment_id" in columns:
            return "moment_id IN (SELECT id FROM scan_moments WHERE case_id = ?)"
        return "followup_id IN (SELECT id FROM followups WHERE case_id = ?)"

    def case_export(self, case_id: int) -> dict[str, list[dict]]:
        """Every row about the case, table by table (the audit log included)."""
        by_case, indirect = self._case_tables()
        out = {}
        for table, condition in (
            [("cases", "id = ?"), ("audit_log", "case_id = ?")]
            + [(t, "case_id = ?") for t in by_case]
            + [(t, self._indirect_condition(t)) for t in indirect]
        ):
            cursor = self.cur.execute(f"SELECT * FROM {table} WHERE {condition}", [case_id])  # names from the catalogue
            names = [d[0] for d in cursor.description]
            out[table] = [dict(zip(names, row)) for row in cursor.fetchall()]
        return out

    def erase_case(self, case_id: int) -> int:
        """Delete the case and everything recorded on it; the audit log keeps who did what, without content."""
        by_case, indirect = self._case_tables()
        removed = 0
        for table in indirect:  # before the moments and follow-ups they hang on
            removed += self.cur.execute(f"DELETE FROM {table} WHERE {self._indirect_condition(table)}", [case_id]).fetchone()[0]
        for table in by_case:
            removed += self.cur.execute(f"DELETE FROM {table} WHERE case_id = ?", [case_id]).fetchone()[0]
        removed += self.cur.execute("DELETE FROM cases WHERE id = ?", [case_id]).fetchone()[0]
        self.cur.execute("UPDATE audit_log SET detail = '' WHERE case_id = ?", [case_id])
        return removed

    def keep_plan(self, kept: KeptPlan, pdf: bytes) -> None:
        k = kept
        self.cur.execute(
            "INSERT INTO kept_plans (case_number, version_number, status, offered_on, received_on, answered_on, "
            "deliveries, language, pdf, kept_on, keep_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [k.case_number, k.version_number, k.status, k.offered_on, k.received_on, k.answered_on, k.deliveries,
             k.language, pdf, k.kept_on, k.keep_until],
        )

    def kept_plans(self) -> list[KeptPlan]:
        rows = self._all(
            "SELECT id, case_number, version_number, status, offered_on, received_on, answered_on, deliveries, language, "
            "kept_on, keep_until FROM kept_plans ORDER BY keep_until, case_number, version_number"
        )
        return [KeptPlan(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7] or "", r[8], r[9], r[10]) for r in rows]

    def kept_plan_pdf(self, kept_id: int) -> tuple[int, bytes] | None:
        row = self._one("SELECT case_number, pdf FROM kept_plans WHERE id = ?", [kept_id])
        return (row[0], bytes(row[1])) if row else None

    def erase_kept_plan(self, kept_id: int) -> None:
        self.cur.execute("DELETE FROM kept_plans WHERE id = ?", [kept_id])

    def case_register(self) -> list[CaseRecord]:
        """Every case by number, phase and dates only: what an administrator may see."""
        rows = self._all(
            "SELECT c.id, c.phase, CAST(c.created_at AS DATE), k.closed_on FROM cases c "
            "LEFT JOIN closings k ON k.case_id = c.id AND k.active ORDER BY c.id"
        )
        return [CaseRecord(r[0], Phase(r[1]), r[2], r[3]) for r in rows]

    def closed_before(self, day: date) -> list[tuple[int, date]]:
        """Closed cases whose closing lies before `day`: candidates for the retention period."""
        return self._all(
            "SELECT c.id, k.closed_on FROM cases c JOIN closings k ON k.case_id = c.id AND k.active "
            "WHERE c.phase = 'closed' AND k.closed_on < ? ORDER BY k.closed_on",
            [day],
        )
