"""Around the legal plan: the motivated report, the progressive-return notices, the safety
function. The queries of `reset_core.legal_report`."""

from __future__ import annotations

from datetime import date, datetime

from ..model import MotivatedReport, ReportGround, ReturnFacts
from ._sql import Repository

_REPORT = "case_id, ground, reasons, made_on, recorded_by, recorded_at, version"


def _report(row: tuple) -> MotivatedReport:
    return MotivatedReport(row[0], ReportGround(row[1]), row[2], row[3], row[4], row[5], row[6])


class LegalReports(Repository):
    def report_of(self, case_id: int) -> MotivatedReport | None:
        row = self._one(f"SELECT {_REPORT} FROM legal_reports WHERE case_id = ?", [case_id])
        return _report(row) if row else None

    def save_report(self, report: MotivatedReport, by: str, now: datetime) -> None:
        r = report
        counted = self.cur.execute(
            "UPDATE legal_reports SET ground = ?, reasons = ?, made_on = ?, recorded_by = ?, recorded_at = ?, "
            "version = version + 1 WHERE case_id = ?",
            [r.ground.value, r.reasons, r.made_on, by, now, r.case_id],
        ).fetchone()
        if not (counted and counted[0]):
            self.cur.execute(
                "INSERT INTO legal_reports (case_id, ground, reasons, made_on, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?)",
                [r.case_id, r.ground.value, r.reasons, r.made_on, by, now],
            )

    def file_notice(self, case_id: int, step_start: date, filed_on: date, by: str, now: datetime) -> None:
        self.cur.execute("DELETE FROM progressive_notices WHERE case_id = ? AND step_start = ?", [case_id, step_start])
        self.cur.execute(
            "INSERT INTO progressive_notices (case_id, step_start, filed_on, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?)",
            [case_id, step_start, filed_on, by, now],
        )

    def save_safety(self, case_id: int, holds: bool, by: str, now: datetime) -> None:
        # The examination's date stays with the case when the answer is saved again.
        self.cur.execute(
            "INSERT INTO safety_functions (case_id, holds, recorded_by, recorded_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (case_id) DO UPDATE SET holds = excluded.holds, recorded_by = excluded.recorded_by, "
            "recorded_at = excluded.recorded_at",
            [case_id, holds, by, now],
        )

    def record_examination(self, case_id: int, examined_on: date, by: str, now: datetime) -> None:
        self.cur.execute(
            "UPDATE safety_functions SET examined_on = ?, recorded_by = ?, recorded_at = ? WHERE case_id = ?",
            [examined_on, by, now, case_id],
        )

    def facts_of(self, case_id: int) -> ReturnFacts:
        return self.facts_of_cases([case_id]).get(case_id, ReturnFacts())

    def facts_of_cases(self, case_ids: list[int]) -> dict[int, ReturnFacts]:
        """Only the cases with something recorded."""
        if not case_ids:
            return {}
        ids = "= ANY(?)"
        reports = {row[0]: _report(row) for row in self._all(f"SELECT {_REPORT} FROM legal_reports WHERE case_id {ids}", [case_ids])}
        notices: dict[int, dict[date, date]] = {}
        for case_id, start, filed in self._all(f"SELECT case_id, step_start, filed_on FROM progressive_notices WHERE case_id {ids}", [case_ids]):
            notices.setdefault(case_id, {})[start] = filed
        safety = {row[0]: row[1:] for row in self._all(f"SELECT case_id, holds, examined_on FROM safety_functions WHERE case_id {ids}", [case_ids])}
        return {
            cid: ReturnFacts(reports.get(cid), notices.get(cid, {}), *safety.get(cid, (False, None)))
            for cid in set(reports) | set(notices) | set(safety)
        }
