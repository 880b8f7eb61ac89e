"""The versions of the re-integration plan, their adjustments, schedule, follow-up
dates, goals and signatures: the queries of `reset_core.agreement`."""

from __future__ import annotations

from datetime import date, datetime

from ..model import (
    AdjustmentArea,
    AgreementContent,
    AgreementStatus,
    AgreementVersion,
    AnswerRoute,
    Assessment,
    AssessmentOutcome,
    CraftingAim,
    Delivery,
    DeliveryHow,
    Goal,
    GoalOwner,
    LegalTrack,
    MomentKind,
    Party,
    PartyRole,
    PlanAdjustment,
    PlanParties,
    Recipient,
    Refusal,
    Region,
    SchedulePeriod,
    Signature,
    Signer,
    Track,
)
from ._sql import Repository
from .dialogue import GOAL_MEASURE, measure_values, measured


class Agreements(Repository):
    def insert_agreement(
        self, case_id: int, number: int, reason: str, content: AgreementContent, by: str, now: datetime
    ) -> int:
        agreement_id = self._one(
            "INSERT INTO agreements (case_id, number, reason, status, revision, created_by, created_at, "
            "updated_by, updated_at) VALUES (?, ?, ?, 'draft', 0, ?, ?, ?, ?) RETURNING id",
            [case_id, number, reason, by, now, by, now],
        )[0]
        self.save_agreement_content(agreement_id, content, 0, by, now)
        return agreement_id

    def save_agreement_content(
        self, agreement_id: int, content: AgreementContent, expected_revision: int, by: str, now: datetime
    ) -> bool:
        """False when the version is no draft (any more) or changed since `expected_revision`."""
        c = content
        row = self._one(
            "UPDATE agreements SET contract_hours = ?, buddy = ?, coaching = ?, training = ?, "
            "colleagues_message = ?, colleagues_told_by = ?, contact = ?, valid_from = ?, valid_until = ?, "
            "chart_moment_id = ?, revision = revision + 1, updated_by = ?, updated_at = ? "
            "WHERE id = ? AND revision = ? AND status = 'draft' RETURNING case_id",
            [
                c.contract_hours, c.buddy, c.coaching, c.training, c.colleagues_message, c.colleagues_told_by,
                c.contact, c.valid_from, c.valid_until, c.chart_moment_id, by, now, agreement_id, expected_revision,
            ],
        )
        if row is None:
            return False
        case_id = row[0]
        self.cur.execute("DELETE FROM agreement_adjustments WHERE agreement_id = ?", [agreement_id])
        self.cur.execute("DELETE FROM agreement_periods WHERE agreement_id = ?", [agreement_id])
        self.cur.execute("DELETE FROM agreement_follow_ups WHERE agreement_id = ?", [agreement_id])
        for position, a in enumerate(c.adjustments, 1):
            self.cur.execute(
                "INSERT INTO agreement_adjustments VALUES (?, ?, ?, ?, ?, ?)",
                [agreement_id, case_id, position, a.area.value, a.aim.value, a.text],
            )
        for position, p in enumerate(c.schedule, 1):
            self.cur.execute(
                "INSERT INTO agreement_periods VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [agreement_id, case_id, position, p.start, p.end, p.hours_per_week, p.percent, p.days_per_week, p.tasks],
            )
        for position, on_date in enumerate(c.follow_ups, 1):
            self.cur.execute(
                "INSERT INTO agreement_follow_ups VALUES (?, ?, ?, ?)", [agreement_id, case_id, position, on_date]
            )
        return True

    def offer_agreement(
        self, agreement_id: int, expected_revision: int, parties: PlanParties, goals: list[Goal],
        offered_on: date, answer_by: date | None, by: str, now: datetime,
        received_on: date | None = None, legal: LegalTrack | None = None,
    ) -> bool:
        """Fix the draft's text: copy the parties, the outcome, the goals and the legal
        track into it."""
        e, m, a, t = parties.employee, parties.manager, parties.assessment, legal
        row = self._one(
            "UPDATE agreements SET status = 'offered', employee_name = ?, employee_job_title = ?, "
            "employee_department = ?, manager_name = ?, manager_job_title = ?, manager_department = ?, "
            "facilitator_name = ?, assessment = ?, assessment_date = ?, assessment_modalities = ?, "
            "offered_on = ?, answer_by = ?, received_on = ?, legal_track = ?, legal_region = ?, legal_appeal_end = ?, "
            "legal_growth_reason = ?, legal_signatory_name = ?, legal_signatory_function = ?, "
            "revision = revision + 1, updated_by = ?, updated_at = ? "
            "WHERE id = ? AND revision = ? AND status = 'draft' RETURNING case_id",
            [
                e.name, e.job_title, e.department, m.name, m.job_title, m.department, parties.facilitator_name,
                a.outcome.value if a else None, a.on_date if a else None, a.modalities if a else None,
                offered_on, answer_by, received_on, t.track.value if t else None,
                t.region.value if t and t.region else None, t.appeal_end if t else None, t.growth_reason if t else None,
                t.signatory_name if t else None, t.signatory_function if t else None,
                by, now, agreement_id, expected_revision,
            ],
        )
        if row is None:
            return False
        for position, g in enumerate(goals, 1):
            self.cur.execute(
                "INSERT INTO agreement_goals (agreement_id, case_id, position, goal_id, theme, owner, description, "
                f"indicator, target_moment, created_at, {GOAL_MEASURE}) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [agreement_id, row[0], position, g.id, g.theme, g.owner.value, g.description, g.indicator,
                 g.target.value, g.created_at, *measure_values(g)],
            )
        return True

    def reopen_agreement(self, agreement_id: int, by: str, now: datetime) -> bool:
        """Back to a draft: only an offered version nobody confirmed or refused yet."""
        row = self._one(
            "UPDATE agreements SET status = 'draft', employee_name = NULL, employee_job_title = NULL, "
            "employee_department = NULL, manager_name = NULL, manager_job_title = NULL, manager_department = NULL, "
            "facilitator_name = NULL, assessment = NULL, assessment_date = NULL, assessment_modalities = NULL, "
            "offered_on = NULL, answer_by = NULL, received_on = NULL, legal_track = NULL, legal_region = NULL, "
            "legal_appeal_end = NULL, legal_growth_reason = NULL, legal_signatory_name = NULL, "
            "legal_signatory_function = NULL, revision = revision + 1, updated_by = ?, updated_at = ? "
            "WHERE id = ? AND status = 'offered' AND refused_at IS NULL "
            "AND NOT EXISTS (SELECT 1 FROM agreement_signatures s WHERE s.agreement_id = agreements.id) "
            "RETURNING id",
            [by, now, agreement_id],
        )
        if row is None:
            return False
        self.cur.execute("DELETE FROM agreement_goals WHERE agreement_id = ?", [agreement_id])
        return True

    def add_signature(self, agreement_id: int, case_id: int, signature: Signature) -> None:
        s = signature
        self.cur.execute(
            "INSERT INTO agreement_signatures (agreement_id, case_id, signer, name, signed_at, recorded_by, route, "
            "paper_date, link) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [agreement_id, case_id, s.signer.value, s.name, s.signed_at, s.recorded_by, s.route.value, s.paper_date, s.link],
        )

    def set_receipt(self, agreement_id: int, received_on: date, answer_by: date | None) -> bool:
        """The day the employee received an offered version nobody answered yet, and the
        last of their days to answer that follows from it."""
        row = self._one(
            "UPDATE agreements SET received_on = ?, answer_by = ?, revision = revision + 1 "
            "WHERE id = ? AND status = 'offered' AND refused_at IS NULL AND reminded_on IS NULL RETURNING id",
            [received_on, answer_by, agreement_id],
        )
        return row is not None

    def set_reminder(self, agreement_id: int, reminded_on: date, how: str, answer_by: date, by: str, now: datetime) -> bool:
        """The employer's contact after the employee's silence: once per version."""
        row = self._one(
            "UPDATE agreements SET reminded_on = ?, reminder_how = ?, reminder_answer_by = ?, revision = revision + 1, "
            "updated_by = ?, updated_at = ? WHERE id = ? AND status = 'offered' AND reminded_on IS NULL RETURNING id",
            [reminded_on, how, answer_by, by, now, agreement_id],
        )
        return row is not None

    def add_delivery(self, agreement_id: int, case_id: int, delivery: Delivery) -> int:
        d = delivery
        row = self._one(
            "INSERT INTO agreement_deliveries (agreement_id, case_id, recipient, recipient_name, delivered_on, how, "
            "recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            [agreement_id, case_id, d.recipient.value, d.recipient_name, d.delivered_on, d.how.value, d.recorded_by, d.recorded_at],
        )
        assert row is not None  # RETURNING gives the new row
        return row[0]

    def set_employee_view(self, agreement_id: int, view: str, now: datetime) -> bool:
        """The employee's own view, written once with their answer to an offered version."""
        row = self._one(
            "UPDATE agreements SET employee_view = ?, employee_view_at = ? "
            "WHERE id = ? AND status = 'offered' AND COALESCE(employee_view, '') = '' RETURNING id",
            [view, now, agreement_id],
        )
        return row is not None

    def replace_code(self, agreement_id: int, case_id: int, signer: str, code_hash: str, by: str, now: datetime) -> None:
        """A new hand-over code for one party of one version; the earlier one stops working."""
        self.cur.execute("DELETE FROM agreement_codes WHERE agreement_id = ? AND signer = ?", [agreement_id, signer])
        self.cur.execute(
            "INSERT INTO agreement_codes (agreement_id, case_id, signer, code_hash, made_by, made_at) VALUES (?, ?, ?, ?, ?, ?)",
            [agreement_id, case_id, signer, code_hash, by, now],
        )

    def codes_of(self, case_id: int) -> list[tuple]:
        """(agreement_id, signer, code_hash, made_by, made_at, wrong_tries, used_at) per code of the case."""
        return self._all(
            "SELECT agreement_id, signer, code_hash, made_by, made_at, wrong_tries, used_at FROM agreement_codes "
            "WHERE case_id = ? ORDER BY agreement_id, signer",
            [case_id],
        )

    def code_tried_wrong(self, agreement_id: int, signer: str) -> int:
        row = self._one(
            "UPDATE agreement_codes SET wrong_tries = wrong_tries + 1 WHERE agreement_id = ? AND signer = ? RETURNING wrong_tries",
            [agreement_id, signer],
        )
        return row[0] if row else 0

    def code_used(self, agreement_id: int, signer: str, now: datetime) -> None:
        self.cur.execute(
            "UPDATE agreement_codes SET used_at = ? WHERE agreement_id = ? AND signer = ?", [now, agreement_id, signer]
        )

    def set_agreement_status(
        self, agreement_id: int, status: AgreementStatus, from_status: AgreementStatus, by: str, now: datetime
    ) -> bool:
        row = self._one(
            "UPDATE agreements SET status = ?, revision = revision + 1, updated_by = ?, updated_at = ? "
            "WHERE id = ? AND status = ? RETURNING id",
            [status.value, by, now, agreement_id, from_status.value],
        )
        return row is not None

    def refuse_agreement(self, agreement_id: int, reasons: str, refusal: Refusal, now: datetime) -> bool:
        r = refusal
        row = self._one(
            "UPDATE agreements SET status = 'refused', refused_at = ?, refusal_reasons = ?, refused_name = ?, "
            "refused_route = ?, refused_by = ?, refused_paper_date = ?, refused_link = ?, "
            "revision = revision + 1, updated_by = ?, updated_at = ? "
            "WHERE id = ? AND status = 'offered' RETURNING id",
            [now, reasons, r.name, r.route.value, r.recorded_by, r.paper_date, r.link, r.recorded_by, now, agreement_id],
        )
        return row is not None

    def agreements_of(self, case_id: int) -> list[AgreementVersion]:
        """Every version of the case's plan, oldest first. A draft comes with `parties`
        None and no goals: reset_core.agreement fills them in from the case."""
        return self.agreements_of_cases([case_id]).get(case_id, [])

    def agreements_of_cases(self, case_ids: list[int]) -> dict[int, list[AgreementVersion]]:
        """`agreements_of` for many cases in the same seven queries (the worklist reads
        the plans of every case on a legal track)."""
        if not case_ids:
            return {}
        rows = self._all(
            "SELECT id, case_id, number, reason, status, revision, contract_hours, buddy, coaching, training, "
            "colleagues_message, colleagues_told_by, contact, valid_from, valid_until, chart_moment_id, "
            "employee_name, employee_job_title, employee_department, manager_name, manager_job_title, "
            "manager_department, facilitator_name, assessment, assessment_date, assessment_modalities, "
            "offered_on, answer_by, refused_at, refusal_reasons, created_by, created_at, updated_at, "
            "employee_view, employee_view_at, refused_name, refused_route, refused_by, refused_paper_date, refused_link, "
            "received_on, reminded_on, reminder_how, reminder_answer_by, legal_track, legal_region, legal_appeal_end, "
            "legal_growth_reason, legal_signatory_name, legal_signatory_function "
            "FROM agreements WHERE case_id = ANY(?) ORDER BY number",
            [case_ids],
        )
        adjustments: dict[int, list] = {}
        for r in self._all(
            "SELECT agreement_id, area, aim, text FROM agreement_adjustments WHERE case_id = ANY(?) ORDER BY position",
            [case_ids],
        ):
            adjustments.setdefault(r[0], []).append(PlanAdjustment(AdjustmentArea(r[1]), CraftingAim(r[2]), r[3]))
        periods: dict[int, list] = {}
        for r in self._all(
            "SELECT agreement_id, start_date, end_date, hours_per_week, percent, days_per_week, tasks "
            "FROM agreement_periods WHERE case_id = ANY(?) ORDER BY position",
            [case_ids],
        ):
            periods.setdefault(r[0], []).append(SchedulePeriod(*r[1:]))
        follow_ups: dict[int, list] = {}
        for r in self._all(
            "SELECT agreement_id, on_date FROM agreement_follow_ups WHERE case_id = ANY(?) ORDER BY position", [case_ids]
        ):
            follow_ups.setdefault(r[0], []).append(r[1])
        goals: dict[int, list] = {}
        for r in self._all(
            "SELECT agreement_id, goal_id, case_id, theme, owner, description, indicator, target_moment, created_at, "
            f"{GOAL_MEASURE} FROM agreement_goals WHERE case_id = ANY(?) ORDER BY position",
            [case_ids],
        ):
            goals.setdefault(r[0], []).append(
                measured(Goal(r[1], r[2], r[3], GoalOwner(r[4]), r[5], r[6], MomentKind(r[7]), r[8]), r[9:])
            )
        signatures: dict[int, list] = {}
        for r in self._all(
            "SELECT agreement_id, signer, name, signed_at, recorded_by, route, paper_date, link FROM agreement_signatures "
            "WHERE case_id = ANY(?) ORDER BY signed_at",
            [case_ids],
        ):
            signatures.setdefault(r[0], []).append(Signature(Signer(r[1]), r[2], r[3], r[4], AnswerRoute(r[5] or "own"), r[6], r[7]))
        deliveries: dict[int, list] = {}
        for r in self._all(
            "SELECT agreement_id, id, recipient, recipient_name, delivered_on, how, recorded_by, recorded_at "
            "FROM agreement_deliveries WHERE case_id = ANY(?) ORDER BY delivered_on, id",
            [case_ids],
        ):
            deliveries.setdefault(r[0], []).append(Delivery(r[1], Recipient(r[2]), r[3] or "", r[4], DeliveryHow(r[5]), r[6], r[7]))
        versions: dict[int, list[AgreementVersion]] = {}
        for r in rows:
            agreement_id = r[0]
            content = AgreementContent(
                contract_hours=r[6], adjustments=tuple(adjustments.get(agreement_id, ())),
                schedule=tuple(periods.get(agreement_id, ())), buddy=r[7], coaching=r[8], training=r[9],
                colleagues_message=r[10], colleagues_told_by=r[11], contact=r[12],
                follow_ups=tuple(follow_ups.get(agreement_id, ())), valid_from=r[13], valid_until=r[14],
                chart_moment_id=r[15],
            )
            parties = None
            if r[16] is not None:
                parties = PlanParties(
                    Party(PartyRole.EMPLOYEE, r[16], r[17] or "", r[18] or ""),
                    Party(PartyRole.MANAGER, r[19], r[20] or "", r[21] or ""),
                    r[22] or "",
                    Assessment(AssessmentOutcome(r[23]), r[24], r[25] or "") if r[23] else None,
                )
            versions.setdefault(r[1], []).append(
                AgreementVersion(
                    id=agreement_id, case_id=r[1], number=r[2], reason=r[3], status=AgreementStatus(r[4]),
                    content=content, revision=r[5], parties=parties, goals=tuple(goals.get(agreement_id, ())),
                    offered_on=r[26], answer_by=r[27], signatures=tuple(signatures.get(agreement_id, ())),
                    refused_at=r[28], refusal_reasons=r[29], created_by=r[30], created_at=r[31], updated_at=r[32],
                    employee_view=r[33] or "", employee_view_at=r[34],
                    refusal=Refusal(r[35] or "", AnswerRoute(r[36]), r[37] or "", r[38], r[39]) if r[28] and r[36] else None,
                    received_on=r[40], reminded_on=r[41], reminder_how=DeliveryHow(r[42]) if r[42] else None,
                    reminder_answer_by=r[43], deliveries=tuple(deliveries.get(agreement_id, ())),
                    legal=LegalTrack(
                        r[1], Track(r[44]), Region(r[45]) if r[45] else None, r[46], r[47] or "", r[48] or "", r[49] or "",
                    ) if r[44] else None,
                )
            )
        return versions
