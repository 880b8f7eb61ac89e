"""A case's phase, its history, and the facts the phase rules read: the queries
of `reset_core.phases`."""

from __future__ import annotations

from datetime import datetime

from ..model import Phase, PhaseChange, PhaseFacts
from ._sql import PHASES, Repository


class Phases(Repository):
    def set_case_phase(
        self, case_id: int, phase: Phase, now: datetime, kind: str = "facts", by: str | None = None,
        reason: str = "", corrected_over: Phase | None = None,
    ) -> None:
        """Move the case and write the line of its history. The case's version stays: a
        phase is no field of the intake form, and a move by the facts while someone
        edits the form must not make their save look stale."""
        self.cur.execute(
            "UPDATE cases SET phase = ?, corrected_over = ?, updated_at = ? WHERE id = ?",
            [phase.value, corrected_over.value if corrected_over else None, now, case_id],
        )
        self.cur.execute(
            "INSERT INTO phase_changes (case_id, phase, changed_at, kind, changed_by, reason) VALUES (?, ?, ?, ?, ?, ?)",
            [case_id, phase.value, now, kind, by, reason],
        )

    def lift_correction(self, case_id: int) -> None:
        self.cur.execute("UPDATE cases SET corrected_over = NULL WHERE id = ?", [case_id])

    def phase_changes_of(self, case_id: int) -> list[tuple[Phase, datetime]]:
        rows = self._all("SELECT phase, changed_at FROM phase_changes WHERE case_id = ? ORDER BY changed_at", [case_id])
        return [(Phase(phase), at) for phase, at in rows]

    def phase_history_of(self, case_id: int) -> list[PhaseChange]:
        rows = self._all(
            "SELECT p.phase, p.changed_at, p.kind, p.changed_by, coalesce(u.name, p.changed_by, ''), p.reason "
            "FROM phase_changes p LEFT JOIN users u ON u.username = p.changed_by "
            "WHERE p.case_id = ? ORDER BY p.changed_at",
            [case_id],
        )
        return [PhaseChange(PHASES[r[0]], r[1], r[2] or "facts", r[3], r[4], r[5] or "") for r in rows]

    def phase_facts(self, case_ids: list[int]) -> dict[int, PhaseFacts]:
        """What the phase rules read, for many cases in one query: the case list of a
        whole caseload is evaluated at once, never a query per case."""
        if not case_ids:
            return {}
        # One case (a use case that changed a fact) is filtered with `= ?`: DuckDB then
        # prunes each table by its case_id, which a list parameter does not let it do.
        ids = "= ?" if len(case_ids) == 1 else "= ANY(?)"
        rows = self._all(
            "WITH "
            "consent AS (SELECT case_id, arg_max(given, id) AS given, arg_max(on_date, id) AS on_date FROM consents "
            f"  WHERE subject = 'processing' AND case_id {ids} GROUP BY case_id), "
            "talks AS (SELECT case_id, min(on_date) FILTER (WHERE party = 'employee') AS employee_on, "
            "  min(on_date) FILTER (WHERE party = 'manager') AS manager_on FROM conversations "
            f"  WHERE case_id {ids} GROUP BY case_id), "
            "t0 AS (SELECT case_id, min(done) AS done FROM ("
            "  SELECT m.case_id, CAST(max(r.submitted_at) AS DATE) AS done FROM scan_moments m "
            "  JOIN scan_responses r ON r.moment_id = m.id "
            f"  WHERE m.kind = 't0' AND r.submitted_at IS NOT NULL AND m.case_id {ids} "
            "  GROUP BY m.case_id, m.id HAVING count(*) = 2) GROUP BY case_id), "
            "offered AS (SELECT case_id, max(number) AS number, max(offered_on) AS on_date FROM agreements "
            f"  WHERE offered_on IS NOT NULL AND case_id {ids} GROUP BY case_id), "
            "signed AS (SELECT a.case_id, max(a.number) AS number, CAST(max(s.signed_at) AS DATE) AS on_date "
            "  FROM agreements a JOIN agreement_signatures s ON s.agreement_id = a.id "
            f"  WHERE a.status = 'signed' AND a.case_id {ids} GROUP BY a.case_id), "
            "held AS (SELECT case_id, min(held_on) AS on_date FROM followups "
            f"  WHERE case_id {ids} GROUP BY case_id), "
            "closed AS (SELECT case_id, max(closed_on) AS on_date FROM closings "
            f"  WHERE active AND case_id {ids} GROUP BY case_id) "
            "SELECT c.id, consent.given, consent.on_date, talks.employee_on, talks.manager_on, t0.done, "
            "offered.number, offered.on_date, signed.number, signed.on_date, c.actual_return, c.expected_return, "
            "held.on_date, closed.on_date, c.corrected_over FROM cases c "
            "LEFT JOIN consent ON consent.case_id = c.id LEFT JOIN talks ON talks.case_id = c.id "
            "LEFT JOIN t0 ON t0.case_id = c.id LEFT JOIN offered ON offered.case_id = c.id "
            "LEFT JOIN signed ON signed.case_id = c.id LEFT JOIN held ON held.case_id = c.id "
            f"LEFT JOIN closed ON closed.case_id = c.id WHERE c.id {ids}",
            [case_ids[0] if len(case_ids) == 1 else case_ids] * 8,
        )
        return {r[0]: PhaseFacts(*r[:14], PHASES[r[14]] if r[14] else None) for r in rows}

    def withdrawn_consents(self, case_ids: list[int]) -> set[int]:
        """Of these cases, those whose latest basic consent entry is a withdrawal."""
        if not case_ids:
            return set()
        rows = self._all(
            "SELECT case_id FROM consents WHERE subject = 'processing' AND case_id = ANY(?) "
            "GROUP BY case_id HAVING NOT arg_max(given, id)",
            [case_ids],
        )
        return {r[0] for r in rows}
