"""Closings, their lessons, and reopenings: the queries of `reset_core.closing`."""

from __future__ import annotations

from datetime import datetime

from ..model import (
    AtWorkNineMonths,
    Closing,
    ClosingOutcome,
    Lesson,
    LessonKind,
    LessonLevel,
    Reopening,
)
from ._sql import Repository, members

_KINDS, _LEVELS = members(LessonKind), members(LessonLevel)
_OUTCOMES, _AT_WORK = members(ClosingOutcome), members(AtWorkNineMonths)


class Closings(Repository):
    def insert_closing(self, closing: Closing, by: str, now: datetime) -> int:
        c = closing
        return self._one(
            "INSERT INTO closings (case_id, closed_on, outcome, at_work_9m, prevention_action, prevention_theme, "
            "active, closed_by, closed_at, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, TRUE, ?, ?, ?, ?) RETURNING id",
            [c.case_id, c.closed_on, c.outcome.value, c.at_work_9m.value, c.prevention_action, c.prevention_theme,
             by, now, by, now],
        )[0]

    def update_closing(self, closing: Closing, by: str, now: datetime) -> None:
        c = closing
        self.cur.execute(
            "UPDATE closings SET closed_on = ?, outcome = ?, at_work_9m = ?, prevention_action = ?, "
            "prevention_theme = ?, updated_by = ?, updated_at = ? WHERE id = ? AND active",
            [c.closed_on, c.outcome.value, c.at_work_9m.value, c.prevention_action, c.prevention_theme,
             by, now, c.id],
        )

    def insert_lesson(self, closing_id: int, case_id: int, lesson: Lesson, by: str, now: datetime) -> int:
        return self._one(
            "INSERT INTO closing_lessons (closing_id, case_id, kind, level, theme, text, created_by, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            [closing_id, case_id, lesson.kind.value, lesson.level.value, lesson.theme, lesson.text, by, now],
        )[0]

    def delete_lesson(self, closing_id: int, lesson_id: int) -> bool:
        return self._one(
            "DELETE FROM closing_lessons WHERE closing_id = ? AND id = ? RETURNING id", [closing_id, lesson_id]
        ) is not None

    def delete_lessons(self, closing_id: int) -> None:
        self.cur.execute("DELETE FROM closing_lessons WHERE closing_id = ?", [closing_id])

    def reopen_case(self, case_id: int, reason: str, by: str, now: datetime) -> None:
        """End the active closing (kept on file) and record why the case was reopened."""
        row = self._one("UPDATE closings SET active = FALSE WHERE case_id = ? AND active RETURNING id", [case_id])
        self.cur.execute(
            "INSERT INTO case_reopenings VALUES (?, ?, ?, ?, ?)", [case_id, row[0] if row else None, reason, by, now]
        )

    _CLOSING_SELECT = (
        "SELECT c.id, c.case_id, c.closed_on, c.outcome, c.at_work_9m, c.prevention_action, c.prevention_theme, "
        "c.active, c.closed_by, c.closed_at, c.updated_at FROM closings c "
    )

    def _closings(self, where: str, params: list) -> list[Closing]:
        rows = self._all(self._CLOSING_SELECT + where + " ORDER BY c.closed_at, c.id", params)
        lessons: dict[int, list[Lesson]] = {}
        if rows:
            for r in self._all(
                "SELECT closing_id, id, kind, level, theme, text FROM closing_lessons "
                "WHERE closing_id = ANY(?) ORDER BY id",
                [[r[0] for r in rows]],
            ):
                lessons.setdefault(r[0], []).append(Lesson(_KINDS[r[2]], _LEVELS[r[3]], r[4], r[5], r[1]))
        return [
            Closing(r[0], r[1], r[2], _OUTCOMES[r[3]], _AT_WORK[r[4]], r[5], r[6], r[7], r[8], r[9], r[10],
                    tuple(lessons.get(r[0], ())))
            for r in rows
        ]

    def closings_of(self, case_id: int) -> list[Closing]:
        """Every closing of the case, oldest first; at most the newest is active."""
        return self._closings("WHERE c.case_id = ?", [case_id])

    def reopenings_of(self, case_id: int) -> list[Reopening]:
        rows = self._all(
            "SELECT case_id, reason, reopened_by, reopened_at FROM case_reopenings WHERE case_id = ? ORDER BY reopened_at",
            [case_id],
        )
        return [Reopening(*r) for r in rows]
