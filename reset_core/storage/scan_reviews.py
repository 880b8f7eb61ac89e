"""The facilitator's bilateral scan reviews: the queries of `reset_core.scan_review`."""

from __future__ import annotations

from ..model import Respondent, ScanReview
from ._sql import Repository

COLUMNS = "case_id, moment_id, respondent, held_on, stood_out, to_bring, themes, private_note, recorded_by, recorded_at"


def _review(row: tuple) -> ScanReview:
    case_id, moment_id, respondent, held_on, stood_out, to_bring, themes, note, by, at = row
    return ScanReview(
        case_id, moment_id, Respondent(respondent), held_on, stood_out, to_bring,
        tuple(t for t in themes.split(",") if t), note, by, at,
    )


class ScanReviews(Repository):
    def save(self, review: ScanReview) -> None:
        """One review per moment and party: a corrected one takes the place of the first."""
        self.cur.execute(
            f"INSERT OR REPLACE INTO scan_reviews ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                review.case_id, review.moment_id, review.respondent.value, review.held_on, review.stood_out,
                review.to_bring, ",".join(review.themes), review.private_note, review.recorded_by, review.recorded_at,
            ],
        )

    def reviews_of(self, case_id: int) -> list[ScanReview]:
        rows = self._all(f"SELECT {COLUMNS} FROM scan_reviews WHERE case_id = ? ORDER BY moment_id, respondent", [case_id])
        return [_review(r) for r in rows]

    def review(self, case_id: int, moment_id: int, respondent: Respondent) -> ScanReview | None:
        row = self._one(
            f"SELECT {COLUMNS} FROM scan_reviews WHERE case_id = ? AND moment_id = ? AND respondent = ?",
            [case_id, moment_id, Respondent(respondent).value],
        )
        return _review(row) if row else None
