"""Across cases, for the learning view (`reset_core.learning`): `facilitator` None is
the whole organisation. No names and no case contents are read here, only what the
aggregates need."""

from __future__ import annotations

from ..model import CaseFigures, Closing, CraftingAim, JointAnswers, Respondent
from ._sql import PHASES, Repository, members
from .closing import Closings

_AIMS = members(CraftingAim)


class Learning(Repository):
    def case_figures(self, facilitator: str | None) -> list[CaseFigures]:
        rows = self._all(
            "SELECT id, phase, sick_leave_start, actual_return, expected_return, corrected_over FROM cases "
            "WHERE ? IS NULL OR facilitator = ? ORDER BY id",
            [facilitator, facilitator],
        )
        return [CaseFigures(r[0], PHASES[r[1]], r[2], r[3], r[4], PHASES[r[5]] if r[5] else None) for r in rows]

    def active_closings(self, facilitator: str | None) -> list[Closing]:
        """The closing in force of every closed case."""
        # The closing's own read, lessons and all.
        return Closings(self.cur)._closings(
            "JOIN cases k ON k.id = c.case_id WHERE c.active AND k.phase = 'closed' AND (? IS NULL OR k.facilitator = ?)",
            [facilitator, facilitator],
        )

    def signed_plan_aims(self, facilitator: str | None) -> dict[int, set[CraftingAim]]:
        """Per closed case with a signed plan, the crafting aims of its newest signed
        version's adjustments (an empty set: signed without adjustments). One query for
        every case: per case it would cost the learning view seconds at a thousand cases."""
        rows = self._all(
            "WITH latest AS ("
            "  SELECT a.case_id, max(a.number) AS number FROM agreements a JOIN cases k ON k.id = a.case_id "
            "  WHERE a.status = 'signed' AND k.phase = 'closed' AND (? IS NULL OR k.facilitator = ?) "
            "  GROUP BY a.case_id) "
            "SELECT l.case_id, list(DISTINCT j.aim) FILTER (WHERE j.aim IS NOT NULL) FROM latest l "
            "JOIN agreements a ON a.case_id = l.case_id AND a.number = l.number "
            "LEFT JOIN agreement_adjustments j ON j.agreement_id = a.id GROUP BY l.case_id",
            [facilitator, facilitator],
        )
        return {case_id: {_AIMS[aim] for aim in aims or ()} for case_id, aims in rows}

    def first_joint_moments(self, facilitator: str | None) -> list[tuple[int, int]]:
        """Per case, (case id, moment id) of the first moment (in time order) both parties submitted."""
        return self._all(
            "WITH both_submitted AS ("
            "  SELECT m.case_id, m.id, "
            "  row_number() OVER (PARTITION BY m.case_id ORDER BY m.planned_on, m.id) AS nth "
            "  FROM scan_moments m JOIN scan_responses r ON r.moment_id = m.id "
            "  JOIN cases k ON k.id = m.case_id "
            "  WHERE r.submitted_at IS NOT NULL AND (? IS NULL OR k.facilitator = ?) "
            "  GROUP BY m.case_id, m.id, m.planned_on HAVING count(*) = 2) "
            "SELECT case_id, id FROM both_submitted WHERE nth = 1 ORDER BY case_id",
            [facilitator, facilitator],
        )

    def joint_answers(self, moment_ids: list[int]) -> dict[int, JointAnswers]:
        """The answers of both parties at each of these moments, by moment id."""
        if not moment_ids:
            return {}
        rows = self._all(
            "SELECT m.id, m.case_id, m.instrument_version, a.respondent, list(a.item_id), list(a.value) "
            "FROM scan_moments m JOIN scan_answers a ON a.moment_id = m.id "
            "WHERE m.id = ANY(?) GROUP BY ALL",
            [moment_ids],
        )
        out: dict[int, JointAnswers] = {}
        for moment_id, case_id, version, respondent, item_ids, values in rows:  # a row per respondent, not per answer
            answers = out.setdefault(moment_id, JointAnswers(case_id, version, {}, {}))
            getattr(answers, Respondent(respondent).value).update(zip(item_ids, values))
        return out
