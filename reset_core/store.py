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
    Assessment,
    AssessmentOutcome,
    AuditEntry,
    Case,
    CaseDetails,
    ConsentEntry,
    ContactAgreement,
    ContactEntry,
    ContactKeeper,
    Party,
    PartyRole,
    Person,
    PersonRole,
    Phase,
    Role,
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
