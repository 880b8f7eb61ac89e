"""Own and joint evaluations, and prevention actions: the queries of `reset_core.prevention`."""

from __future__ import annotations

from datetime import datetime

from ..model import ActionLevel, ActionStatus, JointEvaluation, OwnEvaluation, PreventionAction, Respondent
from ._sql import Repository, members

_STATUS, _LEVELS, _PARTIES = members(ActionStatus), members(ActionLevel), members(Respondent)


class Prevention(Repository):
    def own_evaluations(self, case_id: int) -> dict[Respondent, OwnEvaluation]:
        rows = self._all(
            "SELECT case_id, respondent, went_well, could_be_better, prevention_idea, recorded_by, recorded_at "
            "FROM own_evaluations WHERE case_id = ?",
            [case_id],
        )
        return {_PARTIES[r[1]]: OwnEvaluation(r[0], _PARTIES[r[1]], r[2], r[3], r[4], r[5], r[6]) for r in rows}

    def save_own_evaluation(self, e: OwnEvaluation) -> None:
        self.cur.execute(
            "INSERT OR REPLACE INTO own_evaluations VALUES (?, ?, ?, ?, ?, ?, ?)",
            [e.case_id, e.respondent.value, e.went_well, e.could_be_better, e.prevention_idea, e.recorded_by, e.recorded_at],
        )

    def joint_evaluation(self, case_id: int) -> JointEvaluation | None:
        row = self._one(
            "SELECT case_id, started_by, started_at, summary, updated_at FROM joint_evaluations WHERE case_id = ?", [case_id]
        )
        return JointEvaluation(*row) if row else None

    def start_joint(self, case_id: int, by: str, now: datetime) -> None:
        self.cur.execute(
            "INSERT INTO joint_evaluations VALUES (?, ?, ?, '', ?, ?) ON CONFLICT DO NOTHING", [case_id, by, now, by, now]
        )

    def save_joint_summary(self, case_id: int, summary: str, by: str, now: datetime) -> None:
        self.cur.execute(
            "UPDATE joint_evaluations SET summary = ?, updated_by = ?, updated_at = ? WHERE case_id = ?",
            [summary, by, now, case_id],
        )

    _ACTION_SELECT = (
        "SELECT id, case_id, description, owner, due_on, status, level, theme, created_at, updated_at, closing_id "
        "FROM prevention_actions "
    )

    def _actions(self, where: str, params: list) -> list[PreventionAction]:
        rows = self._all(self._ACTION_SELECT + where, params)
        return [
            PreventionAction(r[0], r[1], r[2], r[3], r[4], _STATUS[r[5]], _LEVELS[r[6]], r[7], r[8], r[9], r[10])
            for r in rows
        ]

    def actions_of(self, case_id: int) -> list[PreventionAction]:
        return self._actions("WHERE case_id = ? ORDER BY id", [case_id])

    def action(self, action_id: int) -> PreventionAction | None:
        found = self._actions("WHERE id = ?", [action_id])
        return found[0] if found else None

    def all_actions(self, facilitator: str | None = None) -> list[PreventionAction]:
        """Every action of the organisation (or of one facilitator's cases), soonest due first."""
        return self._actions(
            "WHERE ? IS NULL OR case_id IN (SELECT id FROM cases WHERE facilitator = ?) "
            "ORDER BY status = 'done', due_on NULLS LAST, id",
            [facilitator, facilitator],
        )

    def insert_action(self, a: PreventionAction, by: str, now: datetime) -> int:
        row = self._one(
            "INSERT INTO prevention_actions (case_id, closing_id, description, owner, due_on, status, level, theme, "
            "created_by, created_at, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            [a.case_id, a.closing_id, a.description, a.owner, a.due_on, a.status.value, a.level.value, a.theme,
             by, now, by, now],
        )
        assert row is not None
        return row[0]

    def update_action(self, a: PreventionAction, by: str, now: datetime) -> None:
        self.cur.execute(
            "UPDATE prevention_actions SET description = ?, owner = ?, due_on = ?, status = ?, level = ?, theme = ?, "
            "updated_by = ?, updated_at = ? WHERE id = ?",
            [a.description, a.owner, a.due_on, a.status.value, a.level.value, a.theme, by, now, a.id],
        )

    def leave_closing(self, action_id: int) -> None:
        self.cur.execute("UPDATE prevention_actions SET closing_id = NULL WHERE id = ?", [action_id])

    def set_status(self, action_id: int, status: ActionStatus, by: str, now: datetime) -> None:
        self.cur.execute(
            "UPDATE prevention_actions SET status = ?, updated_by = ?, updated_at = ? WHERE id = ?",
            [status.value, by, now, action_id],
        )

    def delete_action(self, case_id: int, action_id: int) -> bool:
        return self._one(
            "DELETE FROM prevention_actions WHERE case_id = ? AND id = ? RETURNING id", [case_id, action_id]
        ) is not None
