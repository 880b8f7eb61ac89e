"""The follow-up schedule, follow-up conversations with their goal reviews, and the
notes on early signs: the queries of `reset_core.followup` and `reset_core.moments`."""

from __future__ import annotations

from datetime import datetime

from ..model import Decision, FollowUp, GoalReview, GoalStatus, Participants, ScheduledMoment
from ._sql import Repository


class FollowUps(Repository):
    def schedule_of(self, case_id: int) -> list[ScheduledMoment]:
        rows = self._all("SELECT kind, due_on FROM followup_schedule WHERE case_id = ? ORDER BY due_on, kind", [case_id])
        return [ScheduledMoment(*r) for r in rows]

    def schedules_of_facilitator(self, facilitator: str) -> dict[int, list[ScheduledMoment]]:
        rows = self._all(
            "SELECT s.case_id, s.kind, s.due_on FROM followup_schedule s JOIN cases c ON c.id = s.case_id "
            "WHERE c.facilitator = ? ORDER BY s.due_on",
            [facilitator],
        )
        out: dict[int, list[ScheduledMoment]] = {}
        for case_id, kind, due_on in rows:
            out.setdefault(case_id, []).append(ScheduledMoment(kind, due_on))
        return out

    def save_schedule(self, case_id: int, moments: list[ScheduledMoment], by: str, now: datetime) -> None:
        self.cur.execute("DELETE FROM followup_schedule WHERE case_id = ?", [case_id])
        for moment in moments:
            self.cur.execute(
                "INSERT INTO followup_schedule VALUES (?, ?, ?, ?, ?)", [case_id, moment.kind, moment.due_on, by, now]
            )

    def insert_followup(self, followup: FollowUp, by: str, now: datetime) -> int:
        f = followup
        followup_id = self._one(
            "INSERT INTO followups (case_id, kind, held_on, participants, continuum, works, not_working, decision, "
            "hours_worked, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            [f.case_id, f.kind, f.held_on, f.participants.value, f.continuum, f.works, f.not_working, f.decision.value,
             f.hours_worked, by, now],
        )[0]
        for review in f.reviews:
            self.cur.execute(
                "INSERT INTO goal_reviews VALUES (?, ?, ?, ?)", [followup_id, review.goal_id, review.status.value, review.remark]
            )
        return followup_id

    def followups_of(self, case_id: int) -> list[FollowUp]:
        return self.followups_of_cases([case_id]).get(case_id, [])

    def followups_of_cases(self, case_ids: list[int]) -> dict[int, list[FollowUp]]:
        if not case_ids:
            return {}
        rows = self._all(
            "SELECT id, case_id, kind, held_on, participants, continuum, works, not_working, decision, hours_worked FROM followups "
            "WHERE case_id = ANY(?) ORDER BY held_on, id",
            [case_ids],
        )
        reviews: dict[int, list[GoalReview]] = {}
        for followup_id, goal_id, status, remark in self._all(
            "SELECT r.followup_id, r.goal_id, r.status, r.remark FROM goal_reviews r "
            "JOIN followups f ON f.id = r.followup_id WHERE f.case_id = ANY(?) ORDER BY r.goal_id",
            [case_ids],
        ):
            reviews.setdefault(followup_id, []).append(GoalReview(goal_id, GoalStatus(status), remark))
        out: dict[int, list[FollowUp]] = {}
        for r in rows:
            out.setdefault(r[1], []).append(
                FollowUp(
                    r[0], r[1], r[2], r[3], Participants(r[4]), r[5], r[6], r[7], Decision(r[8]), tuple(reviews.get(r[0], ())), r[9],
                )
            )
        return out

    def scan_kinds_done(self, case_ids: list[int]) -> dict[int, set[str]]:
        """Per case, the moment kinds both respondents have submitted."""
        if not case_ids:
            return {}
        rows = self._all(
            "SELECT m.case_id, m.kind FROM scan_moments m JOIN scan_responses r ON r.moment_id = m.id "
            "WHERE m.case_id = ANY(?) AND r.submitted_at IS NOT NULL "
            "GROUP BY m.case_id, m.id, m.kind HAVING count(*) = 2",
            [case_ids],
        )
        out: dict[int, set[str]] = {}
        for case_id, kind in rows:
            out.setdefault(case_id, set()).add(kind)
        return out

    def save_signal_note(self, case_id: int, signal: str, note: str, by: str, now: datetime) -> None:
        self.cur.execute("INSERT OR REPLACE INTO signal_notes VALUES (?, ?, ?, ?, ?)", [case_id, signal, note, by, now])

    def signal_notes_of(self, case_ids: list[int]) -> dict[tuple[int, str], str]:
        if not case_ids:
            return {}
        rows = self._all(
            "SELECT case_id, signal, note FROM signal_notes WHERE case_id = ANY(?)", [case_ids]
        )
        return {(r[0], r[1]): r[2] for r in rows}
