"""Scan moments, their links, responses and answers: the queries of `reset_core.scan`."""

from __future__ import annotations

from datetime import date, datetime

from ..model import MomentKind, Respondent, ScanLink, ScanMoment, ScanResponse, VersionMove
from ._sql import Repository


class Scans(Repository):
    def insert_moment(
        self, case_id: int, kind: str, planned_on: date, version: int, by: str, now: datetime, reason: str = ""
    ) -> int:
        return self._one(
            "INSERT INTO scan_moments (case_id, kind, planned_on, instrument_version, created_by, created_at, reason) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
            [case_id, kind, planned_on, version, by, now, reason],
        )[0]

    def insert_version_move(self, case_id: int, from_version: int, to_version: int, reason: str, by: str, now: datetime) -> None:
        self.cur.execute(
            "INSERT INTO scan_version_moves (case_id, from_version, to_version, reason, moved_by, moved_at) VALUES (?, ?, ?, ?, ?, ?)",
            [case_id, from_version, to_version, reason, by, now],
        )

    def version_moves_of(self, case_id: int) -> list[VersionMove]:
        """The case's moves to a newer scan version, oldest first."""
        rows = self._all(
            "SELECT case_id, from_version, to_version, reason, moved_by, moved_at FROM scan_version_moves "
            "WHERE case_id = ? ORDER BY moved_at, id",
            [case_id],
        )
        return [VersionMove(*r) for r in rows]

    def delete_moment(self, moment_id: int) -> None:
        """The moment with its links and (empty) responses."""
        for table in ("scan_answers", "scan_open_answers", "scan_responses", "scan_links"):
            self.cur.execute(f"DELETE FROM {table} WHERE moment_id = ?", [moment_id])
        self.cur.execute("DELETE FROM scan_moments WHERE id = ?", [moment_id])

    def moments_of(self, case_id: int) -> list[ScanMoment]:
        return self.moments_of_cases([case_id]).get(case_id, [])

    def moments_of_cases(self, case_ids: list[int]) -> dict[int, list[ScanMoment]]:
        rows = self._all(
            "SELECT id, case_id, kind, planned_on, instrument_version, created_at, coalesce(reason, '') FROM scan_moments "
            "WHERE case_id = ANY(?) ORDER BY planned_on, id",
            [case_ids],
        )
        out: dict[int, list[ScanMoment]] = {}
        for r in rows:
            out.setdefault(r[1], []).append(ScanMoment(r[0], r[1], MomentKind(r[2]), r[3], r[4], r[5], r[6]))
        return out

    def insert_link(
        self, moment_id: int, case_id: int, respondent: str, token_hash: str, language: str,
        now: datetime, expires: datetime,
    ) -> None:
        self.cur.execute(
            "INSERT INTO scan_links (moment_id, case_id, respondent, token_hash, language, created_at, expires_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [moment_id, case_id, respondent, token_hash, language, now, expires],
        )

    def revoke_links(self, moment_id: int, respondent: str, now: datetime) -> None:
        self.cur.execute(
            "UPDATE scan_links SET revoked_at = ? WHERE moment_id = ? AND respondent = ? AND revoked_at IS NULL",
            [now, moment_id, respondent],
        )

    _LINK_SELECT = "SELECT id, moment_id, case_id, respondent, language, created_at, expires_at, revoked_at FROM scan_links "

    @staticmethod
    def _link(row: tuple) -> ScanLink:
        return ScanLink(row[0], row[1], row[2], Respondent(row[3]), row[4], row[5], row[6], row[7])

    def link_by_hash(self, token_hash: str) -> ScanLink | None:
        row = self._one(self._LINK_SELECT + "WHERE token_hash = ?", [token_hash])
        return self._link(row) if row else None

    def links_of_case(self, case_id: int) -> list[ScanLink]:
        return [self._link(r) for r in self._all(self._LINK_SELECT + "WHERE case_id = ? ORDER BY id", [case_id])]

    def ensure_response(self, moment_id: int, respondent: str, version: int) -> None:
        self.cur.execute(
            "INSERT INTO scan_responses (moment_id, respondent, instrument_version) VALUES (?, ?, ?) "
            "ON CONFLICT DO NOTHING",
            [moment_id, respondent, version],
        )

    def mark_opened(self, moment_id: int, respondent: str, now: datetime) -> None:
        self.cur.execute(
            "UPDATE scan_responses SET opened_at = ? WHERE moment_id = ? AND respondent = ? AND opened_at IS NULL",
            [now, moment_id, respondent],
        )

    def save_answers(self, moment_id: int, respondent: str, answers: dict[str, int | None], version: int, now: datetime) -> None:
        """All in one statement: a row at a time costs a few milliseconds each."""
        if not answers:
            return
        rows = ", ".join(["(?, ?, ?, ?, ?, ?)"] * len(answers))
        params = [v for item_id, value in answers.items() for v in (moment_id, respondent, item_id, value, version, now)]
        self.cur.execute(f"INSERT OR REPLACE INTO scan_answers VALUES {rows}", params)

    def save_open_answer(self, moment_id: int, respondent: str, question_id: str, text: str, now: datetime) -> None:
        self.cur.execute(
            "INSERT OR REPLACE INTO scan_open_answers VALUES (?, ?, ?, ?, ?)",
            [moment_id, respondent, question_id, text, now],
        )

    def save_continuum(self, moment_id: int, respondent: str, level: str | None) -> None:
        self.cur.execute(
            "UPDATE scan_responses SET continuum = ? WHERE moment_id = ? AND respondent = ?",
            [level, moment_id, respondent],
        )

    def save_one_by_one(self, moment_id: int, respondent: str, one_by_one: bool) -> None:
        self.cur.execute(
            "UPDATE scan_responses SET one_by_one = ? WHERE moment_id = ? AND respondent = ?",
            [one_by_one, moment_id, respondent],
        )

    def mark_submitted(self, moment_id: int, respondent: str, now: datetime) -> None:
        self.cur.execute(
            "UPDATE scan_responses SET submitted_at = ? WHERE moment_id = ? AND respondent = ?",
            [now, moment_id, respondent],
        )

    def responses_of_case(self, case_id: int) -> list[ScanResponse]:
        return self.responses_of_cases([case_id]).get(case_id, [])

    def responses_of_cases(self, case_ids: list[int]) -> dict[int, list[ScanResponse]]:
        """Every response of the cases' moments, answers included, in three queries."""
        heads = self._all(
            "SELECT m.case_id, r.moment_id, r.respondent, r.instrument_version, r.continuum, r.opened_at, r.submitted_at, r.one_by_one "
            "FROM scan_responses r JOIN scan_moments m ON m.id = r.moment_id WHERE m.case_id = ANY(?)",
            [case_ids],
        )
        answers: dict[tuple, dict] = {}
        for moment_id, respondent, item_ids, values in self._all(
            "SELECT a.moment_id, a.respondent, list(a.item_id), list(a.value) FROM scan_answers a "
            "JOIN scan_moments m ON m.id = a.moment_id WHERE m.case_id = ANY(?) "
            "GROUP BY a.moment_id, a.respondent",
            [case_ids],
        ):
            answers[(moment_id, respondent)] = dict(zip(item_ids, values))
        texts: dict[tuple, dict] = {}
        for moment_id, respondent, question_id, text in self._all(
            "SELECT o.moment_id, o.respondent, o.question_id, o.text FROM scan_open_answers o "
            "JOIN scan_moments m ON m.id = o.moment_id WHERE m.case_id = ANY(?)",
            [case_ids],
        ):
            texts.setdefault((moment_id, respondent), {})[question_id] = text
        out: dict[int, list[ScanResponse]] = {}
        for h in heads:
            out.setdefault(h[0], []).append(
                ScanResponse(
                    moment_id=h[1], respondent=Respondent(h[2]), instrument_version=h[3],
                    answers=answers.get((h[1], h[2]), {}), open_answers=texts.get((h[1], h[2]), {}),
                    continuum=h[4], opened_at=h[5], submitted_at=h[6], one_by_one=h[7],
                )
            )
        return out
