"""Card conversations, their card notes, insights and their sharing ledger, adjustments
and provisional goals: the queries of `reset_core.conversations`."""

from __future__ import annotations

from datetime import date, datetime

from ..model import (
    Adjustment,
    AdjustmentKind,
    CardNote,
    Conversation,
    ConversationParty,
    Insight,
    ProvisionalGoal,
    SharingEntry,
)
from ._sql import Repository


class Conversations(Repository):
    def insert_conversation(
        self, case_id: int, party: ConversationParty, with_whom: str, phase: str, on_date: date, by: str, now: datetime
    ) -> int:
        return self._one(
            "INSERT INTO conversations (case_id, party, with_whom, phase, on_date, created_by, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            [case_id, party.value, with_whom, phase, on_date, by, now, now],
        )[0]

    def update_conversation(self, conversation_id: int, with_whom: str, phase: str, on_date: date, now: datetime) -> None:
        self.cur.execute(
            "UPDATE conversations SET with_whom = ?, phase = ?, on_date = ?, updated_at = ?, "
            "version = coalesce(version, 0) + 1 WHERE id = ?",
            [with_whom, phase, on_date, now, conversation_id],
        )

    def touch_conversation(self, conversation_id: int, now: datetime) -> None:
        self.cur.execute("UPDATE conversations SET updated_at = ? WHERE id = ?", [now, conversation_id])

    def conversation_case(self, conversation_id: int) -> int | None:
        row = self._one("SELECT case_id FROM conversations WHERE id = ?", [conversation_id])
        return row[0] if row else None

    def conversations_of_case(self, case_id: int) -> list[Conversation]:
        """The conversations of a case without their contents, oldest first."""
        rows = self._all(
            "SELECT id, case_id, party, phase, on_date, with_whom, created_by, created_at, updated_at, "
            "coalesce(version, 0) FROM conversations WHERE case_id = ? ORDER BY on_date, id",
            [case_id],
        )
        return [Conversation(r[0], r[1], ConversationParty(r[2]), *r[3:9], version=r[9]) for r in rows]

    def card_notes_of_case(self, case_id: int) -> list[CardNote]:
        rows = self._all(
            "SELECT conversation_id, card_id, position, note, updated_at, coalesce(version, 0), note_saved_at "
            "FROM conversation_cards WHERE case_id = ? ORDER BY conversation_id, position",
            [case_id],
        )
        return [CardNote(*r) for r in rows]

    def add_card(self, case_id: int, conversation_id: int, card_id: str, now: datetime) -> None:
        """Append a card to the conversation; a card already used keeps its place."""
        self.cur.execute(
            "INSERT INTO conversation_cards (case_id, conversation_id, card_id, position, note, updated_at) "
            "SELECT ?, ?, ?, coalesce(max(position), 0) + 1, '', ? FROM conversation_cards WHERE conversation_id = ? "
            "ON CONFLICT (conversation_id, card_id) DO NOTHING",
            [case_id, conversation_id, card_id, now, conversation_id],
        )

    def set_card_note(self, conversation_id: int, card_id: str, note: str, now: datetime) -> None:
        """Write the note and raise its version."""
        self.cur.execute(
            "UPDATE conversation_cards SET note = ?, updated_at = ?, note_saved_at = ?, "
            "version = coalesce(version, 0) + 1 WHERE conversation_id = ? AND card_id = ?",
            [note, now, now, conversation_id, card_id],
        )

    def card_note(self, conversation_id: int, card_id: str) -> CardNote | None:
        row = self._one(
            "SELECT conversation_id, card_id, position, note, updated_at, coalesce(version, 0), note_saved_at "
            "FROM conversation_cards WHERE conversation_id = ? AND card_id = ?",
            [conversation_id, card_id],
        )
        return CardNote(*row) if row else None

    def insights_of_case(self, case_id: int) -> list[Insight]:
        """The insights of a case, owned by their conversation's party; without their ledger."""
        rows = self._all(
            "SELECT i.id, i.conversation_id, c.party, i.text, i.card_id, i.theme_id, i.created_at, "
            "coalesce(i.version, 0) FROM insights i JOIN conversations c ON c.id = i.conversation_id "
            "WHERE i.case_id = ? ORDER BY i.id",
            [case_id],
        )
        return [Insight(r[0], r[1], ConversationParty(r[2]), *r[3:7], version=r[7]) for r in rows]

    def insert_insight(
        self, case_id: int, conversation_id: int, text: str, card_id: str | None, theme_id: str | None,
        by: str, now: datetime,
    ) -> int:
        return self._one(
            "INSERT INTO insights (case_id, conversation_id, text, card_id, theme_id, created_by, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            [case_id, conversation_id, text, card_id, theme_id, by, now, now],
        )[0]

    def update_insight(self, insight_id: int, text: str, card_id: str | None, theme_id: str | None, now: datetime) -> None:
        self.cur.execute(
            "UPDATE insights SET text = ?, card_id = ?, theme_id = ?, updated_at = ?, "
            "version = coalesce(version, 0) + 1 WHERE id = ?",
            [text, card_id, theme_id, now, insight_id],
        )

    def delete_insight(self, insight_id: int) -> None:
        self.cur.execute("DELETE FROM insights WHERE id = ?", [insight_id])

    def add_sharing(
        self, case_id: int, insight_id: int, shared: bool, agreed_by: ConversationParty, on_date: date,
        note: str, by: str, now: datetime,
    ) -> None:
        self.cur.execute(
            "INSERT INTO insight_sharing (case_id, insight_id, shared, agreed_by, on_date, note, recorded_by, recorded_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [case_id, insight_id, shared, agreed_by.value, on_date, note, by, now],
        )

    def sharing_ledger(self, case_id: int) -> list[SharingEntry]:
        rows = self._all(
            "SELECT id, insight_id, shared, agreed_by, on_date, note, recorded_by, recorded_at "
            "FROM insight_sharing WHERE case_id = ? ORDER BY id",
            [case_id],
        )
        return [SharingEntry(r[0], r[1], r[2], ConversationParty(r[3]), *r[4:]) for r in rows]

    def insert_adjustment(
        self, case_id: int, conversation_id: int, kind: AdjustmentKind, text: str, by: str, now: datetime
    ) -> int:
        return self._one(
            "INSERT INTO conversation_adjustments (case_id, conversation_id, kind, text, created_by, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
            [case_id, conversation_id, kind.value, text, by, now],
        )[0]

    def adjustments_of_case(self, case_id: int) -> list[Adjustment]:
        rows = self._all(
            "SELECT id, conversation_id, kind, text FROM conversation_adjustments WHERE case_id = ? ORDER BY id",
            [case_id],
        )
        return [Adjustment(r[0], r[1], AdjustmentKind(r[2]), r[3]) for r in rows]

    def delete_adjustment(self, adjustment_id: int) -> None:
        self.cur.execute("DELETE FROM conversation_adjustments WHERE id = ?", [adjustment_id])

    def insert_goal(
        self, case_id: int, conversation_id: int, text: str, theme_id: str | None, by: str, now: datetime
    ) -> int:
        return self._one(
            "INSERT INTO provisional_goals (case_id, conversation_id, text, theme_id, created_by, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
            [case_id, conversation_id, text, theme_id, by, now],
        )[0]

    def goals_of_case(self, case_id: int) -> list[ProvisionalGoal]:
        rows = self._all(
            "SELECT id, conversation_id, text, theme_id FROM provisional_goals WHERE case_id = ? ORDER BY id",
            [case_id],
        )
        return [ProvisionalGoal(*r) for r in rows]

    def delete_goal(self, goal_id: int) -> None:
        self.cur.execute("DELETE FROM provisional_goals WHERE id = ?", [goal_id])
