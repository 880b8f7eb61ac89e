"""The joint dialogue's topics and the plan's goals: the queries of `reset_core.dialogue`."""

from __future__ import annotations

from datetime import datetime

from ..model import DialogueTopic, Goal, GoalOwner, MomentKind
from ._sql import Repository


class Dialogue(Repository):
    def save_topic(
        self, case_id: int, theme: str, discussed: bool | None, note: str | None, by: str, now: datetime
    ) -> None:
        """Write what is given (None: leave it as it is); a new note raises the note's version."""
        self.cur.execute(
            "INSERT INTO dialogue_topics (case_id, theme, discussed, note, updated_by, updated_at, note_version) "
            "VALUES (?, ?, coalesce(?, FALSE), coalesce(?, ''), ?, ?, CASE WHEN ? IS NULL THEN 0 ELSE 1 END) "
            "ON CONFLICT (case_id, theme) DO UPDATE SET "
            "discussed = coalesce(?, dialogue_topics.discussed), note = coalesce(?, dialogue_topics.note), "
            "note_version = coalesce(dialogue_topics.note_version, 0) + CASE WHEN ? IS NULL THEN 0 ELSE 1 END, "
            "updated_by = excluded.updated_by, updated_at = excluded.updated_at",
            [case_id, theme, discussed, note, by, now, note, discussed, note, note],
        )

    def topic(self, case_id: int, theme: str) -> DialogueTopic | None:
        row = self._one(
            "SELECT theme, discussed, note, coalesce(note_version, 0), updated_at FROM dialogue_topics "
            "WHERE case_id = ? AND theme = ?",
            [case_id, theme],
        )
        return DialogueTopic(*row) if row else None

    def topics_of(self, case_id: int) -> list[DialogueTopic]:
        rows = self._all(
            "SELECT theme, discussed, note, coalesce(note_version, 0), updated_at FROM dialogue_topics "
            "WHERE case_id = ? ORDER BY theme",
            [case_id],
        )
        return [DialogueTopic(*r) for r in rows]

    def insert_plan_goal(self, case_id: int, goal: Goal, by: str, now: datetime) -> int:
        return self._one(
            "INSERT INTO goals (case_id, theme, owner, description, indicator, target_moment, created_by, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            [case_id, goal.theme, goal.owner.value, goal.description, goal.indicator, goal.target.value, by, now],
        )[0]

    def update_plan_goal(self, goal: Goal) -> None:
        self.cur.execute(
            "UPDATE goals SET theme = ?, owner = ?, description = ?, indicator = ?, target_moment = ? WHERE id = ?",
            [goal.theme, goal.owner.value, goal.description, goal.indicator, goal.target.value, goal.id],
        )

    def deactivate_plan_goal(self, goal_id: int) -> None:
        self.cur.execute("UPDATE goals SET active = FALSE WHERE id = ?", [goal_id])

    def plan_goals_of(self, case_id: int) -> list[Goal]:
        return self.plan_goals_of_cases([case_id]).get(case_id, [])

    def plan_goals_of_cases(self, case_ids: list[int]) -> dict[int, list[Goal]]:
        rows = self._all(
            "SELECT id, case_id, theme, owner, description, indicator, target_moment, created_at FROM goals "
            "WHERE case_id IN (SELECT unnest(?)) AND active ORDER BY id",
            [case_ids],
        )
        out: dict[int, list[Goal]] = {}
        for r in rows:
            out.setdefault(r[1], []).append(Goal(r[0], r[1], r[2], GoalOwner(r[3]), r[4], r[5], MomentKind(r[6]), r[7]))
        return out
