"""The case row and its two parties: what every use case on a case reads first
(`services.case_transaction`), written by `reset_core.intake`."""

from __future__ import annotations

from datetime import datetime

from ..model import (
    Assessment,
    AssessmentOutcome,
    Case,
    CaseDetails,
    Party,
    PartyRole,
    Phase,
    TrajectoryStart,
)
from ._sql import PHASES, Repository


class Cases(Repository):
    def insert_case(self, facilitator: str, phase: Phase, details: CaseDetails, now: datetime) -> int:
        case_id = self._one(
            "INSERT INTO cases (facilitator, phase, created_at, updated_at, version) "
            "VALUES (?, ?, ?, ?, 0) RETURNING id",
            [facilitator, phase.value, now, now],
        )[0]
        self.update_case(case_id, details, 0, now)
        return case_id

    def update_case(self, case_id: int, details: CaseDetails, expected_version: int, now: datetime) -> bool:
        """False when the case changed since `expected_version` was read."""
        a = details.assessment
        changed = self._one(
            "UPDATE cases SET sick_leave_start = ?, intake_date = ?, expected_return = ?, "
            "actual_return = ?, started_by = ?, assessment = ?, assessment_date = ?, "
            "assessment_modalities = ?, updated_at = ?, version = version + 1 "
            "WHERE id = ? AND version = ? RETURNING id",
            [
                details.sick_leave_start, details.intake_date, details.expected_return,
                details.actual_return, details.started_by.value if details.started_by else None,
                a.outcome.value if a else None, a.on_date if a else None, a.modalities if a else "",
                now, case_id, expected_version,
            ],
        )
        if changed is None:
            return False
        self.upsert_party(case_id, details.employee)
        self.upsert_party(case_id, details.manager)
        return True

    def upsert_party(self, case_id: int, party: Party) -> None:
        self.cur.execute(
            "INSERT INTO parties VALUES (?, ?, ?, ?, ?) ON CONFLICT (case_id, role) DO UPDATE SET "
            "name = excluded.name, job_title = excluded.job_title, department = excluded.department",
            [case_id, party.role.value, party.name, party.job_title, party.department],
        )

    _CASE_SELECT = (
        "SELECT c.id, c.facilitator, c.phase, c.sick_leave_start, c.created_at, c.updated_at, "
        "e.name, e.job_title, e.department, m.name, m.job_title, m.department, "
        "c.intake_date, c.expected_return, c.actual_return, c.started_by, "
        "c.assessment, c.assessment_date, c.assessment_modalities, c.version, c.corrected_over "
        "FROM cases c "
        "LEFT JOIN parties e ON e.case_id = c.id AND e.role = 'employee' "
        "LEFT JOIN parties m ON m.case_id = c.id AND m.role = 'manager' "
    )

    @staticmethod
    def _case(row: tuple) -> Case:
        return Case(
            id=row[0],
            facilitator=row[1],
            phase=Phase(row[2]),
            sick_leave_start=row[3],
            created_at=row[4],
            updated_at=row[5],
            employee=Party(PartyRole.EMPLOYEE, row[6] or "", row[7] or "", row[8] or ""),
            manager=Party(PartyRole.MANAGER, row[9] or "", row[10] or "", row[11] or ""),
            intake_date=row[12],
            expected_return=row[13],
            actual_return=row[14],
            started_by=TrajectoryStart(row[15]) if row[15] else None,
            assessment=Assessment(AssessmentOutcome(row[16]), row[17], row[18] or "") if row[16] else None,
            version=row[19],
            corrected_over=PHASES[row[20]] if row[20] else None,
        )

    def case(self, case_id: int) -> Case | None:
        row = self._one(self._CASE_SELECT + "WHERE c.id = ?", [case_id])
        return self._case(row) if row else None

    def cases_of(self, facilitator: str) -> list[Case]:
        rows = self._all(self._CASE_SELECT + "WHERE c.facilitator = ? ORDER BY c.id", [facilitator])
        return [self._case(r) for r in rows]

    def all_cases(self) -> list[Case]:
        return [self._case(r) for r in self._all(self._CASE_SELECT + "ORDER BY c.id")]

    def open_cases_for_employee(self, facilitator: str, employee_name: str) -> list[int]:
        rows = self._all(
            "SELECT c.id FROM cases c JOIN parties e ON e.case_id = c.id AND e.role = 'employee' "
            "WHERE c.facilitator = ? AND c.phase <> 'closed' AND lower(trim(e.name)) = lower(trim(?))",
            [facilitator, employee_name],
        )
        return [r[0] for r in rows]

    def count_cases(self) -> int:
        return self._one("SELECT count(*) FROM cases")[0]
