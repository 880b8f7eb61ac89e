"""The only module that speaks SQL.

One DuckDB connection per process, encrypted at rest through DuckDB's AES-GCM with
the OpenSSL module shipped by the `duckdb-extension-httpfs` wheel. Every call takes
a fresh cursor (a DuckDB connection object must not be shared across threads);
writes are serialised by one lock and each use case runs in one transaction.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path

import duckdb
import duckdb_extension_httpfs

from .errors import StorageError
from .model import (
    Account,
    Adjustment,
    AdjustmentKind,
    Assessment,
    AssessmentOutcome,
    AuditEntry,
    CardNote,
    Case,
    CaseDetails,
    ConsentEntry,
    ContactAgreement,
    ContactEntry,
    ContactKeeper,
    DialogueTopic,
    Goal,
    GoalOwner,
    Conversation,
    ConversationParty,
    Insight,
    Party,
    PartyRole,
    Person,
    PersonRole,
    ProvisionalGoal,
    MomentKind,
    Phase,
    Respondent,
    Role,
    ScanLink,
    ScanMoment,
    ScanResponse,
    SharingEntry,
    TrajectoryStart,
    User,
)

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_HTTPFS = (
    Path(duckdb_extension_httpfs.__file__).parent
    / "extensions"
    / f"v{duckdb.__version__}"
    / "httpfs.duckdb_extension"
)


def _sql_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


class Store:
    """An open database. Use `read()` for queries, `transaction()` for changes."""

    def __init__(self, path: Path, key: str) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._con = duckdb.connect(":memory:")
        try:
            self._con.execute(f"LOAD {_sql_literal(str(_HTTPFS))}")
            # ATTACH takes no parameters; the literal is escaped above.
            self._con.execute(
                f"ATTACH {_sql_literal(str(self.path))} AS reset "
                f"(ENCRYPTION_KEY {_sql_literal(key)})"
            )
        except duckdb.Error as exc:
            self._con.close()
            raise _storage_error(exc, self.path) from None
        self._con.execute("USE reset")
        self.migrate()

    def close(self) -> None:
        with self._lock:
            self._con.close()

    def _cursor(self) -> duckdb.DuckDBPyConnection:
        cur = self._con.cursor()
        cur.execute("USE reset")  # a cursor does not inherit USE
        return cur

    @contextmanager
    def read(self) -> Iterator[Queries]:
        cur = self._cursor()
        try:
            yield Queries(cur)
        finally:
            cur.close()

    @contextmanager
    def transaction(self) -> Iterator[Queries]:
        with self._lock:
            cur = self._cursor()
            cur.execute("BEGIN TRANSACTION")
            try:
                yield Queries(cur)
            except BaseException:
                cur.execute("ROLLBACK")
                cur.close()
                raise
            cur.execute("COMMIT")
            cur.close()

    def migrate(self) -> list[int]:
        """Apply the numbered SQL files not applied yet; returns what was applied."""
        applied: list[int] = []
        with self.transaction() as q:
            q.cur.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations "
                "(version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)"
            )
            done = {row[0] for row in q.cur.execute("SELECT version FROM schema_migrations").fetchall()}
            for file in sorted(MIGRATIONS.glob("*.sql")):
                version = int(file.name.split("_", 1)[0])
                if version in done:
                    continue
                q.cur.execute(file.read_text())
                q.cur.execute(
                    "INSERT INTO schema_migrations VALUES (?, ?, ?)",
                    [version, file.stem, datetime.now()],
                )
                applied.append(version)
        return applied

    @contextmanager
    def quiesced(self) -> Iterator[Path]:
        """The database file, fully written and held still: no write runs meanwhile."""
        with self._lock:
            cur = self._cursor()
            cur.execute("CHECKPOINT")
            cur.close()
            yield self.path


def _storage_error(exc: duckdb.Error, path: Path) -> StorageError:
    text = str(exc)
    if "lock" in text.lower():
        return StorageError("storage.in_use", path=str(path))
    if "encryption key" in text.lower() or "without a key" in text.lower():
        return StorageError("storage.wrong_key", path=str(path))
    return StorageError("storage.unreadable", path=str(path), reason=text.splitlines()[0])


class Queries:
    """Every statement the app runs, on one cursor."""

    def __init__(self, cur: duckdb.DuckDBPyConnection) -> None:
        self.cur = cur

    def _all(self, sql: str, params: list | None = None) -> list[tuple]:
        return self.cur.execute(sql, params or []).fetchall()

    def _one(self, sql: str, params: list | None = None) -> tuple | None:
        return self.cur.execute(sql, params or []).fetchone()

    # meta
    def meta(self, key: str) -> str | None:
        row = self._one("SELECT value FROM meta WHERE key = ?", [key])
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.cur.execute(
            "INSERT INTO meta VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, value],
        )

    # accounts
    def count_users(self) -> int:
        return self._one("SELECT count(*) FROM users")[0]

    def user_login_row(self, username: str) -> tuple[User, str, int, datetime | None] | None:
        row = self._one(
            "SELECT username, name, role, active, password_hash, failed_attempts, locked_until "
            "FROM users WHERE username = ?",
            [username],
        )
        if row is None:
            return None
        return User(row[0], row[1], Role(row[2]), row[3]), row[4], row[5], row[6]

    def insert_user(self, user: User, password_hash: str, now: datetime) -> None:
        self.cur.execute(
            "INSERT INTO users (username, name, role, password_hash, active, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [user.username, user.name, user.role.value, password_hash, user.active, now],
        )

    def set_login_state(self, username: str, failed_attempts: int, locked_until: datetime | None) -> None:
        self.cur.execute(
            "UPDATE users SET failed_attempts = ?, locked_until = ? WHERE username = ?",
            [failed_attempts, locked_until, username],
        )

    def set_user_active(self, username: str, active: bool) -> None:
        self.cur.execute("UPDATE users SET active = ? WHERE username = ?", [active, username])

    def set_password_hash(self, username: str, password_hash: str) -> None:
        self.cur.execute(
            "UPDATE users SET password_hash = ?, failed_attempts = 0, locked_until = NULL "
            "WHERE username = ?",
            [password_hash, username],
        )

    def accounts(self) -> list[Account]:
        rows = self._all(
            "SELECT username, name, role, active, created_at, locked_until FROM users ORDER BY username"
        )
        return [Account(r[0], r[1], Role(r[2]), r[3], r[4], r[5]) for r in rows]

    def active_users(self) -> list[User]:
        rows = self._all("SELECT username, name, role, active FROM users WHERE active ORDER BY username")
        return [User(r[0], r[1], Role(r[2]), r[3]) for r in rows]

    # sessions
    def insert_session(self, session_id: str, username: str, started: datetime, expires: datetime) -> None:
        self.cur.execute(
            "INSERT INTO sessions VALUES (?, ?, ?, ?, NULL) ON CONFLICT (id) DO NOTHING",
            [session_id, username, started, expires],
        )

    def live_session_user(self, session_id: str, now: datetime) -> User | None:
        row = self._one(
            "SELECT u.username, u.name, u.role, u.active FROM sessions s "
            "JOIN users u ON u.username = s.username "
            "WHERE s.id = ? AND s.ended_at IS NULL AND s.expires_at > ? AND u.active",
            [session_id, now],
        )
        return User(row[0], row[1], Role(row[2]), row[3]) if row else None

    def end_session(self, session_id: str, now: datetime) -> None:
        self.cur.execute(
            "UPDATE sessions SET ended_at = ? WHERE id = ? AND ended_at IS NULL", [now, session_id]
        )

    def end_sessions_of(self, username: str, now: datetime) -> None:
        self.cur.execute(
            "UPDATE sessions SET ended_at = ? WHERE username = ? AND ended_at IS NULL", [now, username]
        )

    # cases
    def insert_case(self, facilitator: str, phase: Phase, details: CaseDetails, now: datetime) -> int:
        case_id = self._one(
            "INSERT INTO cases (facilitator, phase, created_at, updated_at, version) "
            "VALUES (?, ?, ?, ?, 0) RETURNING id",
            [facilitator, phase.value, now, now],
        )[0]
        self.update_case(case_id, details, 0, now)
        return case_id

    def update_case(self, case_id: int, details: CaseDetails, expected_version: int, now: datetime) -> bool:
        """False when the case changed since `expected_version` was read."""
        a = details.assessment
        changed = self._one(
            "UPDATE cases SET sick_leave_start = ?, intake_date = ?, expected_return = ?, "
            "actual_return = ?, started_by = ?, assessment = ?, assessment_date = ?, "
            "assessment_modalities = ?, updated_at = ?, version = version + 1 "
            "WHERE id = ? AND version = ? RETURNING id",
            [
                details.sick_leave_start, details.intake_date, details.expected_return,
                details.actual_return, details.started_by.value if details.started_by else None,
                a.outcome.value if a else None, a.on_date if a else None, a.modalities if a else "",
                now, case_id, expected_version,
            ],
        )
        if changed is None:
            return False
        self.upsert_party(case_id, details.employee)
        self.upsert_party(case_id, details.manager)
        return True

    def upsert_party(self, case_id: int, party: Party) -> None:
        self.cur.execute(
            "INSERT INTO parties VALUES (?, ?, ?, ?, ?) ON CONFLICT (case_id, role) DO UPDATE SET "
            "name = excluded.name, job_title = excluded.job_title, department = excluded.department",
            [case_id, party.role.value, party.name, party.job_title, party.department],
        )

    def set_case_phase(self, case_id: int, phase: Phase, now: datetime) -> None:
        self.cur.execute(
            "UPDATE cases SET phase = ?, updated_at = ?, version = version + 1 WHERE id = ?",
            [phase.value, now, case_id],
        )

    _CASE_SELECT = (
        "SELECT c.id, c.facilitator, c.phase, c.sick_leave_start, c.created_at, c.updated_at, "
        "e.name, e.job_title, e.department, m.name, m.job_title, m.department, "
        "c.intake_date, c.expected_return, c.actual_return, c.started_by, "
        "c.assessment, c.assessment_date, c.assessment_modalities, c.version "
        "FROM cases c "
        "LEFT JOIN parties e ON e.case_id = c.id AND e.role = 'employee' "
        "LEFT JOIN parties m ON m.case_id = c.id AND m.role = 'manager' "
    )

    @staticmethod
    def _case(row: tuple) -> Case:
        return Case(
            id=row[0],
            facilitator=row[1],
            phase=Phase(row[2]),
            sick_leave_start=row[3],
            created_at=row[4],
            updated_at=row[5],
            employee=Party(PartyRole.EMPLOYEE, row[6] or "", row[7] or "", row[8] or ""),
            manager=Party(PartyRole.MANAGER, row[9] or "", row[10] or "", row[11] or ""),
            intake_date=row[12],
            expected_return=row[13],
            actual_return=row[14],
            started_by=TrajectoryStart(row[15]) if row[15] else None,
            assessment=Assessment(AssessmentOutcome(row[16]), row[17], row[18] or "") if row[16] else None,
            version=row[19],
        )

    def case(self, case_id: int) -> Case | None:
        row = self._one(self._CASE_SELECT + "WHERE c.id = ?", [case_id])
        return self._case(row) if row else None

    def cases_of(self, facilitator: str) -> list[Case]:
        rows = self._all(self._CASE_SELECT + "WHERE c.facilitator = ? ORDER BY c.id", [facilitator])
        return [self._case(r) for r in rows]

    def open_cases_for_employee(self, facilitator: str, employee_name: str) -> list[int]:
        rows = self._all(
            "SELECT c.id FROM cases c JOIN parties e ON e.case_id = c.id AND e.role = 'employee' "
            "WHERE c.facilitator = ? AND c.phase <> 'closed' AND lower(trim(e.name)) = lower(trim(?))",
            [facilitator, employee_name],
        )
        return [r[0] for r in rows]

    def count_cases(self) -> int:
        return self._one("SELECT count(*) FROM cases")[0]

    # consent ledger
    def add_consent(self, case_id: int, subject: str, given: bool, on_date: date, note: str, by: str, now: datetime) -> None:
        self.cur.execute(
            "INSERT INTO consents (case_id, subject, given, on_date, note, recorded_by, recorded_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [case_id, subject, given, on_date, note, by, now],
        )

    def consent_ledger(self, case_id: int) -> list[ConsentEntry]:
        rows = self._all(
            "SELECT id, subject, given, on_date, note, recorded_by, recorded_at FROM consents "
            "WHERE case_id = ? ORDER BY id",
            [case_id],
        )
        return [ConsentEntry(*r) for r in rows]

    # people around the case
    def insert_person(self, case_id: int, role: PersonRole, name: str, organisation: str, contact: str) -> int:
        return self._one(
            "INSERT INTO people (case_id, role, name, organisation, contact) VALUES (?, ?, ?, ?, ?) RETURNING id",
            [case_id, role.value, name, organisation, contact],
        )[0]

    def update_person(self, person: Person) -> None:
        self.cur.execute(
            "UPDATE people SET role = ?, name = ?, organisation = ?, contact = ? WHERE id = ?",
            [person.role.value, person.name, person.organisation, person.contact, person.id],
        )

    def people_of(self, case_id: int) -> list[Person]:
        rows = self._all(
            "SELECT id, role, name, organisation, contact FROM people WHERE case_id = ? ORDER BY id", [case_id]
        )
        return [Person(r[0], PersonRole(r[1]), r[2], r[3], r[4]) for r in rows]

    def add_contact(self, case_id: int, person_id: int, on_date: date, note: str, by: str, now: datetime) -> None:
        self.cur.execute(
            "INSERT INTO contact_log (case_id, person_id, on_date, note, recorded_by, recorded_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [case_id, person_id, on_date, note, by, now],
        )

    def contact_log(self, case_id: int) -> list[ContactEntry]:
        rows = self._all(
            "SELECT id, person_id, on_date, note, recorded_by, recorded_at FROM contact_log "
            "WHERE case_id = ? ORDER BY on_date, id",
            [case_id],
        )
        return [ContactEntry(*r) for r in rows]

    # contact during the sick leave
    def save_contact_agreement(self, case_id: int, agreement: ContactAgreement, by: str, now: datetime) -> None:
        a = agreement
        self.cur.execute(
            "INSERT OR REPLACE INTO contact_agreements VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                case_id, a.keeper.value, a.frequency, a.channel, a.not_wanted, a.colleagues_informed,
                a.colleagues_message, a.manager_present_day_one, a.workplace_ready, a.accounts_ready,
                a.first_week_plan, by, now,
            ],
        )

    def contact_agreement(self, case_id: int) -> ContactAgreement | None:
        row = self._one(
            "SELECT keeper, frequency, channel, not_wanted, colleagues_informed, colleagues_message, "
            "manager_present_day_one, workplace_ready, accounts_ready, first_week_plan "
            "FROM contact_agreements WHERE case_id = ?",
            [case_id],
        )
        return ContactAgreement(ContactKeeper(row[0]), *row[1:]) if row else None

    # conversations
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
            "UPDATE conversations SET with_whom = ?, phase = ?, on_date = ?, updated_at = ? WHERE id = ?",
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
            "SELECT id, case_id, party, phase, on_date, with_whom, created_by, created_at, updated_at "
            "FROM conversations WHERE case_id = ? ORDER BY on_date, id",
            [case_id],
        )
        return [Conversation(r[0], r[1], ConversationParty(r[2]), *r[3:]) for r in rows]

    def card_notes_of_case(self, case_id: int) -> list[CardNote]:
        rows = self._all(
            "SELECT conversation_id, card_id, position, note, updated_at FROM conversation_cards "
            "WHERE case_id = ? ORDER BY conversation_id, position",
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
        self.cur.execute(
            "UPDATE conversation_cards SET note = ?, updated_at = ? WHERE conversation_id = ? AND card_id = ?",
            [note, now, conversation_id, card_id],
        )

    def insights_of_case(self, case_id: int) -> list[Insight]:
        """The insights of a case, owned by their conversation's party; without their ledger."""
        rows = self._all(
            "SELECT i.id, i.conversation_id, c.party, i.text, i.card_id, i.theme_id, i.created_at "
            "FROM insights i JOIN conversations c ON c.id = i.conversation_id "
            "WHERE i.case_id = ? ORDER BY i.id",
            [case_id],
        )
        return [Insight(r[0], r[1], ConversationParty(r[2]), *r[3:]) for r in rows]

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
            "UPDATE insights SET text = ?, card_id = ?, theme_id = ?, updated_at = ? WHERE id = ?",
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

    # audit
    def audit(self, at: datetime, actor: str, case_id: int | None, action: str, detail: str = "") -> None:
        self.cur.execute(
            "INSERT INTO audit_log (logged_at, actor, case_id, action, detail) VALUES (?, ?, ?, ?, ?)",
            [at, actor, case_id, action, detail],
        )

    def audit_of_case(self, case_id: int) -> list[AuditEntry]:
        rows = self._all(
            "SELECT logged_at, actor, case_id, action, detail FROM audit_log WHERE case_id = ? ORDER BY id",
            [case_id],
        )
        return [AuditEntry(*r) for r in rows]

    def audit_of_actor(self, actor: str) -> list[AuditEntry]:
        rows = self._all(
            "SELECT logged_at, actor, case_id, action, detail FROM audit_log WHERE actor = ? ORDER BY id",
            [actor],
        )
        return [AuditEntry(*r) for r in rows]

    # scans
    def insert_moment(self, case_id: int, kind: str, planned_on: date, version: int, by: str, now: datetime) -> int:
        return self._one(
            "INSERT INTO scan_moments (case_id, kind, planned_on, instrument_version, created_by, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
            [case_id, kind, planned_on, version, by, now],
        )[0]

    def moments_of(self, case_id: int) -> list[ScanMoment]:
        rows = self._all(
            "SELECT id, case_id, kind, planned_on, instrument_version, created_at FROM scan_moments "
            "WHERE case_id = ? ORDER BY planned_on, id",
            [case_id],
        )
        return [ScanMoment(r[0], r[1], MomentKind(r[2]), r[3], r[4], r[5]) for r in rows]

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

    def save_answer(self, moment_id: int, respondent: str, item_id: str, value: int | None, version: int, now: datetime) -> None:
        self.cur.execute(
            "INSERT OR REPLACE INTO scan_answers VALUES (?, ?, ?, ?, ?, ?)",
            [moment_id, respondent, item_id, value, version, now],
        )

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

    def mark_submitted(self, moment_id: int, respondent: str, now: datetime) -> None:
        self.cur.execute(
            "UPDATE scan_responses SET submitted_at = ? WHERE moment_id = ? AND respondent = ?",
            [now, moment_id, respondent],
        )

    def responses_of_case(self, case_id: int) -> list[ScanResponse]:
        """Every response of the case's moments, answers included, in three queries."""
        heads = self._all(
            "SELECT r.moment_id, r.respondent, r.instrument_version, r.continuum, r.opened_at, r.submitted_at "
            "FROM scan_responses r JOIN scan_moments m ON m.id = r.moment_id WHERE m.case_id = ?",
            [case_id],
        )
        answers: dict[tuple, dict] = {}
        for moment_id, respondent, item_id, value in self._all(
            "SELECT a.moment_id, a.respondent, a.item_id, a.value FROM scan_answers a "
            "JOIN scan_moments m ON m.id = a.moment_id WHERE m.case_id = ?",
            [case_id],
        ):
            answers.setdefault((moment_id, respondent), {})[item_id] = value
        texts: dict[tuple, dict] = {}
        for moment_id, respondent, question_id, text in self._all(
            "SELECT o.moment_id, o.respondent, o.question_id, o.text FROM scan_open_answers o "
            "JOIN scan_moments m ON m.id = o.moment_id WHERE m.case_id = ?",
            [case_id],
        ):
            texts.setdefault((moment_id, respondent), {})[question_id] = text
        return [
            ScanResponse(
                moment_id=h[0], respondent=Respondent(h[1]), instrument_version=h[2],
                answers=answers.get((h[0], h[1]), {}), open_answers=texts.get((h[0], h[1]), {}),
                continuum=h[3], opened_at=h[4], submitted_at=h[5],
            )
            for h in heads
        ]

    # joint dialogue and goals
    def save_topic(self, case_id: int, theme: str, discussed: bool, note: str, by: str, now: datetime) -> None:
        self.cur.execute(
            "INSERT OR REPLACE INTO dialogue_topics VALUES (?, ?, ?, ?, ?, ?)",
            [case_id, theme, discussed, note, by, now],
        )

    def topics_of(self, case_id: int) -> list[DialogueTopic]:
        rows = self._all("SELECT theme, discussed, note FROM dialogue_topics WHERE case_id = ? ORDER BY theme", [case_id])
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
        rows = self._all(
            "SELECT id, case_id, theme, owner, description, indicator, target_moment, created_at FROM goals "
            "WHERE case_id = ? AND active ORDER BY id",
            [case_id],
        )
        return [Goal(r[0], r[1], r[2], GoalOwner(r[3]), r[4], r[5], MomentKind(r[6]), r[7]) for r in rows]

