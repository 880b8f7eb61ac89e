"""The check-ins of the first weeks back: each case's rhythm and the parties' answers.
The queries of `reset_core.checkins`."""

from __future__ import annotations

from datetime import datetime

from ..model import Respondent
from ._sql import Repository

ANSWER_COLUMNS = "case_id, due_on, respondent, week_rating, hours_worked, helped, hindered, to_discuss, answered_by, answered_at"


class CheckIns(Repository):
    def rhythms_of_cases(self, case_ids: list[int]) -> dict[int, tuple[bool, int]]:
        """Per case with a saved rhythm: (on, weekly weeks)."""
        if not case_ids:
            return {}
        rows = self._all("SELECT case_id, enabled, weekly_weeks FROM checkin_rhythms WHERE case_id = ANY(?)", [case_ids])
        return {r[0]: (r[1], r[2]) for r in rows}

    def save_rhythm(self, case_id: int, enabled: bool, weekly_weeks: int, by: str, now: datetime) -> None:
        self.cur.execute("INSERT OR REPLACE INTO checkin_rhythms VALUES (?, ?, ?, ?, ?)", [case_id, enabled, weekly_weeks, by, now])

    def answers_of_cases(self, case_ids: list[int], respondent: Respondent | None = None) -> dict[int, list[tuple]]:
        """Per case, its answers as rows of ANSWER_COLUMNS, oldest check-in first; only
        one party's when `respondent` is given (what that party's own space reads)."""
        if not case_ids:
            return {}
        where = "case_id = ANY(?)"
        params: list = [case_ids]
        if respondent is not None:
            where += " AND respondent = ?"
            params.append(Respondent(respondent).value)
        out: dict[int, list[tuple]] = {}
        for row in self._all(f"SELECT {ANSWER_COLUMNS} FROM checkin_answers WHERE {where} ORDER BY due_on, respondent", params):
            out.setdefault(row[0], []).append(row)
        return out

    def insert_answer(self, row: tuple) -> None:
        self.cur.execute(f"INSERT INTO checkin_answers ({ANSWER_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", list(row))
