"""The joint dialogue's topics and the plan's goals, its presentation and display links:
the queries of `reset_core.dialogue` and `reset_core.presentation`."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from ..model import DialogueTopic, Goal, GoalOwner, GoalScore, MomentKind
from ._sql import Repository


@dataclass(frozen=True)
class Presentation:
    id: int
    case_id: int
    section: str
    started_by: str
    started_at: datetime
    moved_at: datetime
    ended_at: datetime | None


@dataclass(frozen=True)
class DisplayLink:
    id: int
    presentation_id: int
    case_id: int
    language: str
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    opened_at: datetime | None


# A goal's measure, in the order of its columns (migration 029), shared by the plan's copy
# of its goals (storage.agreements): the same row, read and written the same way.
GOAL_MEASURE = "items, target_score, baseline_moment_id, baseline_moment, baseline_version, baseline_employee, baseline_manager"


def measure_values(goal: Goal) -> list:
    b = goal.baseline
    return [
        ",".join(goal.items), goal.target_score, b.moment_id if b else None, b.moment.value if b else None,
        b.instrument_version if b else None, b.employee if b else None, b.manager if b else None,
    ]


def measured(goal: Goal, row: tuple) -> Goal:
    """The goal with its measure from the 7 columns of GOAL_MEASURE; a goal from before
    029 has none and stays as it was."""
    items, target, moment_id, moment, version, employee, manager = row
    baseline = GoalScore(moment_id, MomentKind(moment), version, employee, manager) if moment_id is not None else None
    return replace(goal, items=tuple(i for i in (items or "").split(",") if i), target_score=target, baseline=baseline)


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
            "INSERT INTO goals (case_id, theme, owner, description, indicator, target_moment, created_by, created_at, "
            f"{GOAL_MEASURE}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            [case_id, goal.theme, goal.owner.value, goal.description, goal.indicator, goal.target.value, by, now,
             *measure_values(goal)],
        )[0]

    def update_plan_goal(self, goal: Goal) -> None:
        self.cur.execute(
            "UPDATE goals SET theme = ?, owner = ?, description = ?, indicator = ?, target_moment = ?, "
            + ", ".join(f"{column.strip()} = ?" for column in GOAL_MEASURE.split(","))
            + " WHERE id = ?",
            [goal.theme, goal.owner.value, goal.description, goal.indicator, goal.target.value, *measure_values(goal), goal.id],
        )

    def deactivate_plan_goal(self, goal_id: int) -> None:
        self.cur.execute("UPDATE goals SET active = FALSE WHERE id = ?", [goal_id])

    def plan_goals_of(self, case_id: int) -> list[Goal]:
        return self.plan_goals_of_cases([case_id]).get(case_id, [])

    def plan_goals_of_cases(self, case_ids: list[int]) -> dict[int, list[Goal]]:
        rows = self._all(
            f"SELECT id, case_id, theme, owner, description, indicator, target_moment, created_at, {GOAL_MEASURE} FROM goals "
            "WHERE case_id = ANY(?) AND active ORDER BY id",
            [case_ids],
        )
        out: dict[int, list[Goal]] = {}
        for r in rows:
            goal = Goal(r[0], r[1], r[2], GoalOwner(r[3]), r[4], r[5], MomentKind(r[6]), r[7])
            out.setdefault(r[1], []).append(measured(goal, r[8:]))
        return out

    # --- the presentation and its display links --------------------------------------

    _PRESENTATION = "SELECT id, case_id, section, started_by, started_at, moved_at, ended_at FROM presentations "
    _DISPLAY = (
        "SELECT id, presentation_id, case_id, language, created_at, expires_at, revoked_at, opened_at FROM display_links "
    )

    def open_presentation(self, case_id: int) -> Presentation | None:
        row = self._one(self._PRESENTATION + "WHERE case_id = ? AND ended_at IS NULL ORDER BY id DESC LIMIT 1", [case_id])
        return Presentation(*row) if row else None

    def presentation(self, presentation_id: int) -> Presentation | None:
        row = self._one(self._PRESENTATION + "WHERE id = ?", [presentation_id])
        return Presentation(*row) if row else None

    def insert_presentation(self, case_id: int, section: str, by: str, now: datetime) -> int:
        made = self._one(
            "INSERT INTO presentations (case_id, section, started_by, started_at, moved_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
            [case_id, section, by, now, now],
        )
        assert made is not None  # an INSERT ... RETURNING returns its row
        return made[0]

    def move_presentation(self, presentation_id: int, section: str, now: datetime) -> None:
        self.cur.execute("UPDATE presentations SET section = ?, moved_at = ? WHERE id = ?", [section, now, presentation_id])

    def end_presentations(self, case_id: int, now: datetime) -> None:
        self.cur.execute("UPDATE presentations SET ended_at = ? WHERE case_id = ? AND ended_at IS NULL", [now, case_id])

    def insert_display_link(
        self, presentation_id: int, case_id: int, token_hash: str, language: str, by: str, now: datetime, expires: datetime,
    ) -> None:
        self.cur.execute(
            "INSERT INTO display_links (presentation_id, case_id, token_hash, language, created_by, created_at, expires_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [presentation_id, case_id, token_hash, language, by, now, expires],
        )

    def revoke_display_links(self, case_id: int, now: datetime) -> None:
        self.cur.execute("UPDATE display_links SET revoked_at = ? WHERE case_id = ? AND revoked_at IS NULL", [now, case_id])

    def display_link_by_hash(self, token_hash: str) -> DisplayLink | None:
        row = self._one(self._DISPLAY + "WHERE token_hash = ?", [token_hash])
        return DisplayLink(*row) if row else None

    def display_links_of(self, case_id: int) -> list[DisplayLink]:
        return [DisplayLink(*r) for r in self._all(self._DISPLAY + "WHERE case_id = ? ORDER BY id", [case_id])]

    def mark_display_opened(self, link_id: int, now: datetime) -> None:
        self.cur.execute(
            "UPDATE display_links SET opened_at = coalesce(opened_at, ?), last_opened_at = ? WHERE id = ?", [now, now, link_id],
        )
