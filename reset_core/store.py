"""The only module that speaks SQL.

One DuckDB connection per process, encrypted at rest through DuckDB's AES-GCM with
the OpenSSL module shipped by the `duckdb-extension-httpfs` wheel. Every call takes
a fresh cursor (a DuckDB connection object must not be shared across threads);
writes are serialised by one lock and each use case runs in one transaction.
"""

from __future__ import annotations

import os
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
    AdjustmentArea,
    AdjustmentKind,
    AgreementContent,
    AgreementStatus,
    AgreementVersion,
    Assessment,
    AssessmentOutcome,
    AtWorkNineMonths,
    AuditEntry,
    CardNote,
    Case,
    CaseDetails,
    CaseFigures,
    CaseRecord,
    Closing,
    ClosingOutcome,
    ConsentEntry,
    ContactAgreement,
    ContactEntry,
    ContactKeeper,
    Conversation,
    ConversationParty,
    CraftingAim,
    Decision,
    DialogueTopic,
    FollowUp,
    Goal,
    GoalOwner,
    GoalReview,
    GoalStatus,
    Insight,
    JointAnswers,
    Lesson,
    LessonKind,
    LessonLevel,
    MomentKind,
    Participants,
    Party,
    PartyRole,
    PasswordReset,
    Person,
    PersonRole,
    Phase,
    PhaseChange,
    PhaseFacts,
    PlanAdjustment,
    PlanParties,
    ProvisionalGoal,
    Reopening,
    Respondent,
    Role,
    ScanLink,
    ScanMoment,
    ScanResponse,
    ScheduledMoment,
    SchedulePeriod,
    SharingEntry,
    Signature,
    Signer,
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


def _members(enum: type) -> dict:
    """Value -> member: a dict lookup is ~20 times cheaper than Enum(value), which counts
    when the learning view reads tens of thousands of rows."""
    return {member.value: member for member in enum}


_KINDS, _LEVELS, _AIMS = _members(LessonKind), _members(LessonLevel), _members(CraftingAim)
_OUTCOMES, _AT_WORK, _PHASES = _members(ClosingOutcome), _members(AtWorkNineMonths), _members(Phase)


def _sql_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


class Store:
    """An open database. Use `read()` for queries, `transaction()` for changes."""

    def __init__(self, path: Path, key: str) -> None:
        self.path = Path(path)
        private_folder(self.path.parent)
        self._key = key
        self._lock = threading.RLock()
        # Reads take no lock, but must not run while compact() swaps the file.
        self._gate = threading.Condition()
        self._readers = 0
        self._swapping = False
        # Values derived from rows that never change once written (a submitted scan),
        # kept while the database is open; keyed by whoever derives them.
        self.memo: dict[str, dict] = {}
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
        try:
            self._con.execute("USE reset")
            os.chmod(self.path, 0o600)
            self.migrated = self.migrate()
            self.verify()
        except duckdb.Error as exc:  # a damaged file: a clear refusal, and no half-open handle
            self._con.close()
            raise _storage_error(exc, self.path) from None
        except BaseException:
            self._con.close()
            raise

    def verify(self) -> None:
        """Read every row of every table once, so that a damaged block is refused on
        opening (and a damaged backup before it is restored), not on the first screen
        that happens to touch it. Index blocks are read only when an index is used."""
        with self.read() as q:
            tables = q.cur.execute(
                "SELECT table_name FROM duckdb_tables() WHERE database_name = 'reset'"
            ).fetchall()
            for (table,) in tables:
                name = '"' + table.replace('"', '""') + '"'
                q.cur.execute(f"SELECT bit_xor(hash(COLUMNS(*))) FROM {name}").fetchall()

    def close(self) -> None:
        with self._lock:
            self._con.close()

    def _cursor(self) -> duckdb.DuckDBPyConnection:
        cur = self._con.cursor()
        cur.execute("USE reset")  # a cursor does not inherit USE
        return cur

    @contextmanager
    def read(self) -> Iterator[Queries]:
        with self._gate:
            while self._swapping:
                self._gate.wait()
            self._readers += 1
        try:
            cur = self._cursor()
            try:
                yield Queries(cur)
            finally:
                cur.close()
        finally:
            with self._gate:
                self._readers -= 1
                self._gate.notify_all()

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

    def compact(self, readers_timeout: float = 10.0) -> bool:
        """Rewrite the database into a new encrypted file and put it in the old one's place.

        DuckDB marks the blocks of deleted rows free but leaves their bytes in the
        file (encrypted, so readable with the key) until it happens to reuse them.
        After an erasure the whole file is copied table by table into a new file
        (fresh blocks, fresh nonces) that replaces the old one, so that nothing of
        the erased rows is left in it. Writes wait for the lock meanwhile and reads
        at the gate: nothing written is lost. Returns False, leaving the file as it
        was, when readers do not finish in time (a read waiting for a write).
        """
        fresh = self.path.with_name(self.path.name + ".compacting")
        with self._lock:
            with self._gate:
                self._swapping = True
                try:
                    if not self._gate.wait_for(lambda: self._readers == 0, timeout=readers_timeout):
                        return False
                    for leftover in (fresh, fresh.with_name(fresh.name + ".wal")):
                        leftover.unlink(missing_ok=True)
                    con = self._con
                    con.execute("CHECKPOINT reset")
                    con.execute(f"ATTACH {_sql_literal(str(fresh))} AS fresh (ENCRYPTION_KEY {_sql_literal(self._key)})")
                    try:
                        con.execute("COPY FROM DATABASE reset TO fresh")
                        con.execute("CHECKPOINT fresh")
                    finally:
                        con.execute("DETACH fresh")
                    os.chmod(fresh, 0o600)
                    self.memo.clear()  # may hold values derived from the erased rows
                    con.execute("USE memory")
                    con.execute("DETACH reset")
                    try:
                        os.replace(fresh, self.path)
                        self.path.with_name(self.path.name + ".wal").unlink(missing_ok=True)
                    finally:
                        con.execute(
                            f"ATTACH {_sql_literal(str(self.path))} AS reset (ENCRYPTION_KEY {_sql_literal(self._key)})"
                        )
                        con.execute("USE reset")
                    return True
                finally:
                    self._swapping = False
                    self._gate.notify_all()


def private_folder(folder: Path) -> None:
    """A folder only its owner can enter: what is inside (database, journal, backups,
    DuckDB's spill files) is out of other accounts' reach whatever its own mode."""
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o700)


def _storage_error(exc: duckdb.Error, path: Path) -> StorageError:
    text = str(exc)
    if "lock" in text.lower():
        return StorageError("storage.in_use", path=str(path))
    if "encryption key" in text.lower() or "without a key" in text.lower():
        return StorageError("storage.wrong_key", path=str(path))
    if "aes tag" in text.lower():  # the key opened the file, but a block fails its check
        return StorageError("storage.damaged", path=str(path))
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

    def user_login_row(self, username: str) -> tuple[User, str] | None:
        row = self._one(
            "SELECT username, name, role, active, password_hash, "
            "EXISTS (SELECT 1 FROM password_resets r WHERE r.username = users.username AND r.changed_at IS NULL) "
            "FROM users WHERE username = ?",
            [username],
        )
        if row is None:
            return None
        return User(row[0], row[1], Role(row[2]), row[3], row[5]), row[4]

    def login_failures(self, username: str, source: str) -> tuple[int, datetime | None]:
        row = self._one(
            "SELECT failed_attempts, locked_until FROM login_failures WHERE username = ? AND source = ?",
            [username, source],
        )
        return (row[0], row[1]) if row else (0, None)

    def set_login_failures(self, username: str, source: str, failed_attempts: int, locked_until: datetime | None) -> None:
        self.cur.execute(
            "INSERT INTO login_failures VALUES (?, ?, ?, ?) ON CONFLICT (username, source) "
            "DO UPDATE SET failed_attempts = excluded.failed_attempts, locked_until = excluded.locked_until",
            [username, source, failed_attempts, locked_until],
        )

    def clear_login_failures(self, username: str, source: str | None = None) -> int:
        """Forget the failures of one place, or of every place when `source` is None."""
        if source is None:
            return self.cur.execute("DELETE FROM login_failures WHERE username = ?", [username]).fetchone()[0]
        return self.cur.execute(
            "DELETE FROM login_failures WHERE username = ? AND source = ?", [username, source]
        ).fetchone()[0]

    def insert_user(self, user: User, password_hash: str, now: datetime) -> None:
        self.cur.execute(
            "INSERT INTO users (username, name, role, password_hash, active, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [user.username, user.name, user.role.value, password_hash, user.active, now],
        )

    def set_user_active(self, username: str, active: bool) -> None:
        self.cur.execute("UPDATE users SET active = ? WHERE username = ?", [active, username])

    def set_password_hash(self, username: str, password_hash: str) -> None:
        self.cur.execute("UPDATE users SET password_hash = ? WHERE username = ?", [password_hash, username])

    def insert_password_reset(self, username: str, by: str, now: datetime) -> int:
        return self._one(
            "INSERT INTO password_resets (username, reset_by, reset_at) VALUES (?, ?, ?) RETURNING id",
            [username, by, now],
        )[0]

    def open_password_reset(self, username: str) -> PasswordReset | None:
        """The latest reset whose one-time password has not been replaced by the owner's own."""
        row = self._one(
            "SELECT r.id, r.username, r.reset_by, coalesce(u.name, r.reset_by), r.reset_at, r.used_at "
            "FROM password_resets r LEFT JOIN users u ON u.username = r.reset_by "
            "WHERE r.username = ? AND r.changed_at IS NULL ORDER BY r.id DESC LIMIT 1",
            [username],
        )
        return PasswordReset(*row) if row else None

    def use_password_reset(self, reset_id: int, session_id: str, now: datetime) -> bool:
        """Tie the first login after a reset to it; False when a login already used it."""
        row = self._one(
            "UPDATE password_resets SET session_id = ?, used_at = ? WHERE id = ? AND used_at IS NULL RETURNING id",
            [session_id, now, reset_id],
        )
        return row is not None

    def close_password_resets(self, username: str, now: datetime) -> None:
        self.cur.execute(
            "UPDATE password_resets SET changed_at = ? WHERE username = ? AND changed_at IS NULL", [now, username]
        )

    def accounts(self, now: datetime | None = None) -> list[Account]:
        """Every account; with `now`, the lockouts still running then (without, none)."""
        rows = self._all(
            "SELECT u.username, u.name, u.role, u.active, u.created_at, "
            "max(f.locked_until), count(f.locked_until) FROM users u "
            "LEFT JOIN login_failures f ON f.username = u.username AND f.locked_until > ? "
            "GROUP BY ALL ORDER BY u.username",
            [now],
        )
        return [
            Account(r[0], r[1], Role(r[2]), r[3], created_at=r[4], locked_until=r[5], locked_places=r[6])
            for r in rows
        ]

    def active_users(self) -> list[User]:
        rows = self._all("SELECT username, name, role, active FROM users WHERE active ORDER BY username")
        return [User(r[0], r[1], Role(r[2]), r[3]) for r in rows]

    # sessions
    def insert_session(self, session_id: str, username: str, started: datetime, expires: datetime, source: str | None = None) -> None:
        self.cur.execute(
            "INSERT INTO sessions (id, username, started_at, expires_at, ended_at, source) "
            "VALUES (?, ?, ?, ?, NULL, ?) ON CONFLICT (id) DO NOTHING",
            [session_id, username, started, expires, source],
        )

    def live_session_user(self, session_id: str, now: datetime) -> tuple[User, str | None] | None:
        """The session's user and the place it was started from."""
        row = self._one(
            "SELECT u.username, u.name, u.role, u.active, "
            "EXISTS (SELECT 1 FROM password_resets r WHERE r.username = u.username AND r.changed_at IS NULL), "
            "s.source FROM sessions s "
            "JOIN users u ON u.username = s.username "
            "WHERE s.id = ? AND s.ended_at IS NULL AND s.expires_at > ? AND u.active",
            [session_id, now],
        )
        return (User(row[0], row[1], Role(row[2]), row[3], row[4]), row[5]) if row else None

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

    def set_case_phase(
        self, case_id: int, phase: Phase, now: datetime, kind: str = "facts", by: str | None = None,
        reason: str = "", corrected_over: Phase | None = None,
    ) -> None:
        """Move the case and write the line of its history. The case's version stays: a
        phase is no field of the intake form, and a move by the facts while someone
        edits the form must not make their save look stale."""
        self.cur.execute(
            "UPDATE cases SET phase = ?, corrected_over = ?, updated_at = ? WHERE id = ?",
            [phase.value, corrected_over.value if corrected_over else None, now, case_id],
        )
        self.cur.execute(
            "INSERT INTO phase_changes (case_id, phase, changed_at, kind, changed_by, reason) VALUES (?, ?, ?, ?, ?, ?)",
            [case_id, phase.value, now, kind, by, reason],
        )

    def lift_correction(self, case_id: int) -> None:
        self.cur.execute("UPDATE cases SET corrected_over = NULL WHERE id = ?", [case_id])

    def phase_changes_of(self, case_id: int) -> list[tuple[Phase, datetime]]:
        rows = self._all("SELECT phase, changed_at FROM phase_changes WHERE case_id = ? ORDER BY changed_at", [case_id])
        return [(Phase(phase), at) for phase, at in rows]

    def phase_history_of(self, case_id: int) -> list[PhaseChange]:
        rows = self._all(
            "SELECT p.phase, p.changed_at, p.kind, p.changed_by, coalesce(u.name, p.changed_by, ''), p.reason "
            "FROM phase_changes p LEFT JOIN users u ON u.username = p.changed_by "
            "WHERE p.case_id = ? ORDER BY p.changed_at",
            [case_id],
        )
        return [PhaseChange(_PHASES[r[0]], r[1], r[2] or "facts", r[3], r[4], r[5] or "") for r in rows]

    def phase_facts(self, case_ids: list[int]) -> dict[int, PhaseFacts]:
        """What the phase rules read, for many cases in one query: the case list of a
        whole caseload is evaluated at once, never a query per case."""
        if not case_ids:
            return {}
        # One case (a use case that changed a fact) is filtered with `= ?`: DuckDB then
        # prunes each table by its case_id, which a list parameter does not let it do.
        ids = "= ?" if len(case_ids) == 1 else "IN (SELECT unnest(?))"
        rows = self._all(
            "WITH "
            "consent AS (SELECT case_id, arg_max(given, id) AS given, arg_max(on_date, id) AS on_date FROM consents "
            f"  WHERE subject = 'processing' AND case_id {ids} GROUP BY case_id), "
            "talks AS (SELECT case_id, min(on_date) FILTER (WHERE party = 'employee') AS employee_on, "
            "  min(on_date) FILTER (WHERE party = 'manager') AS manager_on FROM conversations "
            f"  WHERE case_id {ids} GROUP BY case_id), "
            "t0 AS (SELECT case_id, min(done) AS done FROM ("
            "  SELECT m.case_id, CAST(max(r.submitted_at) AS DATE) AS done FROM scan_moments m "
            "  JOIN scan_responses r ON r.moment_id = m.id "
            f"  WHERE m.kind = 't0' AND r.submitted_at IS NOT NULL AND m.case_id {ids} "
            "  GROUP BY m.case_id, m.id HAVING count(*) = 2) GROUP BY case_id), "
            "offered AS (SELECT case_id, max(number) AS number, max(offered_on) AS on_date FROM agreements "
            f"  WHERE offered_on IS NOT NULL AND case_id {ids} GROUP BY case_id), "
            "signed AS (SELECT a.case_id, max(a.number) AS number, CAST(max(s.signed_at) AS DATE) AS on_date "
            "  FROM agreements a JOIN agreement_signatures s ON s.agreement_id = a.id "
            f"  WHERE a.status = 'signed' AND a.case_id {ids} GROUP BY a.case_id), "
            "held AS (SELECT case_id, min(held_on) AS on_date FROM followups "
            f"  WHERE case_id {ids} GROUP BY case_id), "
            "closed AS (SELECT case_id, max(closed_on) AS on_date FROM closings "
            f"  WHERE active AND case_id {ids} GROUP BY case_id) "
            "SELECT c.id, consent.given, consent.on_date, talks.employee_on, talks.manager_on, t0.done, "
            "offered.number, offered.on_date, signed.number, signed.on_date, c.actual_return, c.expected_return, "
            "held.on_date, closed.on_date, c.corrected_over FROM cases c "
            "LEFT JOIN consent ON consent.case_id = c.id LEFT JOIN talks ON talks.case_id = c.id "
            "LEFT JOIN t0 ON t0.case_id = c.id LEFT JOIN offered ON offered.case_id = c.id "
            "LEFT JOIN signed ON signed.case_id = c.id LEFT JOIN held ON held.case_id = c.id "
            f"LEFT JOIN closed ON closed.case_id = c.id WHERE c.id {ids}",
            [case_ids[0] if len(case_ids) == 1 else case_ids] * 8,
        )
        return {r[0]: PhaseFacts(*r[:14], _PHASES[r[14]] if r[14] else None) for r in rows}

    def withdrawn_consents(self, case_ids: list[int]) -> set[int]:
        """Of these cases, those whose latest basic consent entry is a withdrawal."""
        if not case_ids:
            return set()
        rows = self._all(
            "SELECT case_id FROM consents WHERE subject = 'processing' AND case_id IN (SELECT unnest(?)) "
            "GROUP BY case_id HAVING NOT arg_max(given, id)",
            [case_ids],
        )
        return {r[0] for r in rows}

    _CASE_SELECT = (
        "SELECT c.id, c.facilitator, c.phase, c.sick_leave_start, c.created_at, c.updated_at, "
        "e.name, e.job_title, e.department, m.name, m.job_title, m.department, "
        "c.intake_date, c.expected_return, c.actual_return, c.started_by, "
        "c.assessment, c.assessment_date, c.assessment_modalities, c.version, c.corrected_over "
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
            corrected_over=_PHASES[row[20]] if row[20] else None,
        )

    def case(self, case_id: int) -> Case | None:
        row = self._one(self._CASE_SELECT + "WHERE c.id = ?", [case_id])
        return self._case(row) if row else None

    def cases_of(self, facilitator: str) -> list[Case]:
        rows = self._all(self._CASE_SELECT + "WHERE c.facilitator = ? ORDER BY c.id", [facilitator])
        return [self._case(r) for r in rows]

    def all_cases(self) -> list[Case]:
        return [self._case(r) for r in self._all(self._CASE_SELECT + "ORDER BY c.id")]

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

    # audit
    def audit(self, at: datetime, actor: str, case_id: int | None, action: str, detail: str = "") -> None:
        self.cur.execute(
            "INSERT INTO audit_log (logged_at, actor, case_id, action, detail) VALUES (?, ?, ?, ?, ?)",
            [at, actor, case_id, action, detail],
        )

    # requests: one per submitted form, so a repeat returns what the first made
    def request_done(self, token: str, action: str, actor: str) -> tuple[bool, int | None]:
        """(True, what it made) when this actor already completed this request."""
        row = self._one(
            "SELECT made_id FROM requests WHERE token = ? AND action = ? AND actor = ?", [token, action, actor]
        )
        return (True, row[0]) if row else (False, None)

    def insert_request(
        self, token: str, action: str, actor: str, case_id: int | None, made_id: int | None, now: datetime
    ) -> None:
        self.cur.execute(
            "INSERT INTO requests (token, action, actor, case_id, made_id, done_at) VALUES (?, ?, ?, ?, ?, ?)",
            [token, action, actor, case_id, made_id, now],
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
    def insert_moment(
        self, case_id: int, kind: str, planned_on: date, version: int, by: str, now: datetime, reason: str = ""
    ) -> int:
        return self._one(
            "INSERT INTO scan_moments (case_id, kind, planned_on, instrument_version, created_by, created_at, reason) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
            [case_id, kind, planned_on, version, by, now, reason],
        )[0]

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
            "WHERE case_id IN (SELECT unnest(?)) ORDER BY planned_on, id",
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
            "SELECT m.case_id, r.moment_id, r.respondent, r.instrument_version, r.continuum, r.opened_at, r.submitted_at "
            "FROM scan_responses r JOIN scan_moments m ON m.id = r.moment_id WHERE m.case_id IN (SELECT unnest(?))",
            [case_ids],
        )
        answers: dict[tuple, dict] = {}
        for moment_id, respondent, item_ids, values in self._all(
            "SELECT a.moment_id, a.respondent, list(a.item_id), list(a.value) FROM scan_answers a "
            "JOIN scan_moments m ON m.id = a.moment_id WHERE m.case_id IN (SELECT unnest(?)) "
            "GROUP BY a.moment_id, a.respondent",
            [case_ids],
        ):
            answers[(moment_id, respondent)] = dict(zip(item_ids, values))
        texts: dict[tuple, dict] = {}
        for moment_id, respondent, question_id, text in self._all(
            "SELECT o.moment_id, o.respondent, o.question_id, o.text FROM scan_open_answers o "
            "JOIN scan_moments m ON m.id = o.moment_id WHERE m.case_id IN (SELECT unnest(?))",
            [case_ids],
        ):
            texts.setdefault((moment_id, respondent), {})[question_id] = text
        out: dict[int, list[ScanResponse]] = {}
        for h in heads:
            out.setdefault(h[0], []).append(
                ScanResponse(
                    moment_id=h[1], respondent=Respondent(h[2]), instrument_version=h[3],
                    answers=answers.get((h[1], h[2]), {}), open_answers=texts.get((h[1], h[2]), {}),
                    continuum=h[4], opened_at=h[5], submitted_at=h[6],
                )
            )
        return out

    # agreements
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
        offered_on: date, answer_by: date, by: str, now: datetime,
    ) -> bool:
        """Fix the draft's text: copy the parties, the outcome and the goals into it."""
        e, m, a = parties.employee, parties.manager, parties.assessment
        row = self._one(
            "UPDATE agreements SET status = 'offered', employee_name = ?, employee_job_title = ?, "
            "employee_department = ?, manager_name = ?, manager_job_title = ?, manager_department = ?, "
            "facilitator_name = ?, assessment = ?, assessment_date = ?, assessment_modalities = ?, "
            "offered_on = ?, answer_by = ?, revision = revision + 1, updated_by = ?, updated_at = ? "
            "WHERE id = ? AND revision = ? AND status = 'draft' RETURNING case_id",
            [
                e.name, e.job_title, e.department, m.name, m.job_title, m.department, parties.facilitator_name,
                a.outcome.value if a else None, a.on_date if a else None, a.modalities if a else None,
                offered_on, answer_by, by, now, agreement_id, expected_revision,
            ],
        )
        if row is None:
            return False
        for position, g in enumerate(goals, 1):
            self.cur.execute(
                "INSERT INTO agreement_goals VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [agreement_id, row[0], position, g.id, g.theme, g.owner.value, g.description, g.indicator,
                 g.target.value, g.created_at],
            )
        return True

    def reopen_agreement(self, agreement_id: int, by: str, now: datetime) -> bool:
        """Back to a draft: only an offered version nobody confirmed or refused yet."""
        row = self._one(
            "UPDATE agreements SET status = 'draft', employee_name = NULL, employee_job_title = NULL, "
            "employee_department = NULL, manager_name = NULL, manager_job_title = NULL, manager_department = NULL, "
            "facilitator_name = NULL, assessment = NULL, assessment_date = NULL, assessment_modalities = NULL, "
            "offered_on = NULL, answer_by = NULL, revision = revision + 1, updated_by = ?, updated_at = ? "
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
        self.cur.execute(
            "INSERT INTO agreement_signatures VALUES (?, ?, ?, ?, ?, ?)",
            [agreement_id, case_id, signature.signer.value, signature.name, signature.signed_at, signature.recorded_by],
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

    def refuse_agreement(self, agreement_id: int, reasons: str, by: str, now: datetime) -> bool:
        row = self._one(
            "UPDATE agreements SET status = 'refused', refused_at = ?, refusal_reasons = ?, "
            "revision = revision + 1, updated_by = ?, updated_at = ? "
            "WHERE id = ? AND status = 'offered' RETURNING id",
            [now, reasons, by, now, agreement_id],
        )
        return row is not None

    def agreements_of(self, case_id: int) -> list[AgreementVersion]:
        """Every version of the case's plan, oldest first. A draft comes with `parties`
        None and no goals: reset_core.agreement fills them in from the case."""
        rows = self._all(
            "SELECT id, case_id, number, reason, status, revision, contract_hours, buddy, coaching, training, "
            "colleagues_message, colleagues_told_by, contact, valid_from, valid_until, chart_moment_id, "
            "employee_name, employee_job_title, employee_department, manager_name, manager_job_title, "
            "manager_department, facilitator_name, assessment, assessment_date, assessment_modalities, "
            "offered_on, answer_by, refused_at, refusal_reasons, created_by, created_at, updated_at "
            "FROM agreements WHERE case_id = ? ORDER BY number",
            [case_id],
        )
        adjustments: dict[int, list] = {}
        for r in self._all(
            "SELECT agreement_id, area, aim, text FROM agreement_adjustments WHERE case_id = ? ORDER BY position",
            [case_id],
        ):
            adjustments.setdefault(r[0], []).append(PlanAdjustment(AdjustmentArea(r[1]), CraftingAim(r[2]), r[3]))
        periods: dict[int, list] = {}
        for r in self._all(
            "SELECT agreement_id, start_date, end_date, hours_per_week, percent, days_per_week, tasks "
            "FROM agreement_periods WHERE case_id = ? ORDER BY position",
            [case_id],
        ):
            periods.setdefault(r[0], []).append(SchedulePeriod(*r[1:]))
        follow_ups: dict[int, list] = {}
        for r in self._all(
            "SELECT agreement_id, on_date FROM agreement_follow_ups WHERE case_id = ? ORDER BY position", [case_id]
        ):
            follow_ups.setdefault(r[0], []).append(r[1])
        goals: dict[int, list] = {}
        for r in self._all(
            "SELECT agreement_id, goal_id, case_id, theme, owner, description, indicator, target_moment, created_at "
            "FROM agreement_goals WHERE case_id = ? ORDER BY position",
            [case_id],
        ):
            goals.setdefault(r[0], []).append(
                Goal(r[1], r[2], r[3], GoalOwner(r[4]), r[5], r[6], MomentKind(r[7]), r[8])
            )
        signatures: dict[int, list] = {}
        for r in self._all(
            "SELECT agreement_id, signer, name, signed_at, recorded_by FROM agreement_signatures "
            "WHERE case_id = ? ORDER BY signed_at",
            [case_id],
        ):
            signatures.setdefault(r[0], []).append(Signature(Signer(r[1]), r[2], r[3], r[4]))
        versions = []
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
            versions.append(
                AgreementVersion(
                    id=agreement_id, case_id=r[1], number=r[2], reason=r[3], status=AgreementStatus(r[4]),
                    content=content, revision=r[5], parties=parties, goals=tuple(goals.get(agreement_id, ())),
                    offered_on=r[26], answer_by=r[27], signatures=tuple(signatures.get(agreement_id, ())),
                    refused_at=r[28], refusal_reasons=r[29], created_by=r[30], created_at=r[31], updated_at=r[32],
                )
            )
        return versions

    # closing and learning
    def insert_closing(self, closing: Closing, by: str, now: datetime) -> int:
        c = closing
        return self._one(
            "INSERT INTO closings (case_id, closed_on, outcome, at_work_9m, prevention_action, prevention_theme, "
            "active, closed_by, closed_at, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, TRUE, ?, ?, ?, ?) RETURNING id",
            [c.case_id, c.closed_on, c.outcome.value, c.at_work_9m.value, c.prevention_action, c.prevention_theme,
             by, now, by, now],
        )[0]

    def update_closing(self, closing: Closing, by: str, now: datetime) -> None:
        c = closing
        self.cur.execute(
            "UPDATE closings SET closed_on = ?, outcome = ?, at_work_9m = ?, prevention_action = ?, "
            "prevention_theme = ?, updated_by = ?, updated_at = ? WHERE id = ? AND active",
            [c.closed_on, c.outcome.value, c.at_work_9m.value, c.prevention_action, c.prevention_theme,
             by, now, c.id],
        )

    def insert_lesson(self, closing_id: int, case_id: int, lesson: Lesson, by: str, now: datetime) -> int:
        return self._one(
            "INSERT INTO closing_lessons (closing_id, case_id, kind, level, theme, text, created_by, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            [closing_id, case_id, lesson.kind.value, lesson.level.value, lesson.theme, lesson.text, by, now],
        )[0]

    def delete_lesson(self, closing_id: int, lesson_id: int) -> bool:
        return self._one(
            "DELETE FROM closing_lessons WHERE closing_id = ? AND id = ? RETURNING id", [closing_id, lesson_id]
        ) is not None

    def delete_lessons(self, closing_id: int) -> None:
        self.cur.execute("DELETE FROM closing_lessons WHERE closing_id = ?", [closing_id])

    def reopen_case(self, case_id: int, reason: str, by: str, now: datetime) -> None:
        """End the active closing (kept on file) and record why the case was reopened."""
        row = self._one("UPDATE closings SET active = FALSE WHERE case_id = ? AND active RETURNING id", [case_id])
        self.cur.execute(
            "INSERT INTO case_reopenings VALUES (?, ?, ?, ?, ?)", [case_id, row[0] if row else None, reason, by, now]
        )

    _CLOSING_SELECT = (
        "SELECT c.id, c.case_id, c.closed_on, c.outcome, c.at_work_9m, c.prevention_action, c.prevention_theme, "
        "c.active, c.closed_by, c.closed_at, c.updated_at FROM closings c "
    )

    def _closings(self, where: str, params: list) -> list[Closing]:
        rows = self._all(self._CLOSING_SELECT + where + " ORDER BY c.closed_at, c.id", params)
        lessons: dict[int, list[Lesson]] = {}
        if rows:
            for r in self._all(
                "SELECT closing_id, id, kind, level, theme, text FROM closing_lessons "
                "WHERE closing_id IN (SELECT unnest(?)) ORDER BY id",
                [[r[0] for r in rows]],
            ):
                lessons.setdefault(r[0], []).append(Lesson(_KINDS[r[2]], _LEVELS[r[3]], r[4], r[5], r[1]))
        return [
            Closing(r[0], r[1], r[2], _OUTCOMES[r[3]], _AT_WORK[r[4]], r[5], r[6], r[7], r[8], r[9], r[10],
                    tuple(lessons.get(r[0], ())))
            for r in rows
        ]

    def closings_of(self, case_id: int) -> list[Closing]:
        """Every closing of the case, oldest first; at most the newest is active."""
        return self._closings("WHERE c.case_id = ?", [case_id])

    def reopenings_of(self, case_id: int) -> list[Reopening]:
        rows = self._all(
            "SELECT case_id, reason, reopened_by, reopened_at FROM case_reopenings WHERE case_id = ? ORDER BY reopened_at",
            [case_id],
        )
        return [Reopening(*r) for r in rows]

    # Across cases, for the learning view: `facilitator` None is the whole organisation.
    # No names and no case contents are read here, only what the aggregates need.
    def case_figures(self, facilitator: str | None) -> list[CaseFigures]:
        rows = self._all(
            "SELECT id, phase, sick_leave_start, actual_return, expected_return, corrected_over FROM cases "
            "WHERE ? IS NULL OR facilitator = ? ORDER BY id",
            [facilitator, facilitator],
        )
        return [CaseFigures(r[0], _PHASES[r[1]], r[2], r[3], r[4], _PHASES[r[5]] if r[5] else None) for r in rows]

    def active_closings(self, facilitator: str | None) -> list[Closing]:
        """The closing in force of every closed case."""
        return self._closings(
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
            "WHERE m.id IN (SELECT unnest(?)) GROUP BY ALL",
            [moment_ids],
        )
        out: dict[int, JointAnswers] = {}
        for moment_id, case_id, version, respondent, item_ids, values in rows:  # a row per respondent, not per answer
            answers = out.setdefault(moment_id, JointAnswers(case_id, version, {}, {}))
            getattr(answers, Respondent(respondent).value).update(zip(item_ids, values))
        return out

    # joint dialogue and goals
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
        return self.plan_goals_of_cases([case_id]).get(case_id, [])

    def plan_goals_of_cases(self, case_ids: list[int]) -> dict[int, list[Goal]]:
        rows = self._all(
            "SELECT id, case_id, theme, owner, description, indicator, target_moment, created_at FROM goals "
            "WHERE case_id IN (SELECT unnest(?)) AND active ORDER BY id",
            [case_ids],
        )
        out: dict[int, list[Goal]] = {}
        for r in rows:
            out.setdefault(r[1], []).append(Goal(r[0], r[1], r[2], GoalOwner(r[3]), r[4], r[5], MomentKind(r[6]), r[7]))
        return out

    # follow-up
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
            "created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            [f.case_id, f.kind, f.held_on, f.participants.value, f.continuum, f.works, f.not_working, f.decision.value, by, now],
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
            "SELECT id, case_id, kind, held_on, participants, continuum, works, not_working, decision FROM followups "
            "WHERE case_id IN (SELECT unnest(?)) ORDER BY held_on, id",
            [case_ids],
        )
        reviews: dict[int, list[GoalReview]] = {}
        for followup_id, goal_id, status, remark in self._all(
            "SELECT r.followup_id, r.goal_id, r.status, r.remark FROM goal_reviews r "
            "JOIN followups f ON f.id = r.followup_id WHERE f.case_id IN (SELECT unnest(?)) ORDER BY r.goal_id",
            [case_ids],
        ):
            reviews.setdefault(followup_id, []).append(GoalReview(goal_id, GoalStatus(status), remark))
        out: dict[int, list[FollowUp]] = {}
        for r in rows:
            out.setdefault(r[1], []).append(
                FollowUp(r[0], r[1], r[2], r[3], Participants(r[4]), r[5], r[6], r[7], Decision(r[8]), tuple(reviews.get(r[0], ())))
            )
        return out

    def scan_kinds_done(self, case_ids: list[int]) -> dict[int, set[str]]:
        """Per case, the moment kinds both respondents have submitted."""
        if not case_ids:
            return {}
        rows = self._all(
            "SELECT m.case_id, m.kind FROM scan_moments m JOIN scan_responses r ON r.moment_id = m.id "
            "WHERE m.case_id IN (SELECT unnest(?)) AND r.submitted_at IS NOT NULL "
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
            "SELECT case_id, signal, note FROM signal_notes WHERE case_id IN (SELECT unnest(?))", [case_ids]
        )
        return {(r[0], r[1]): r[2] for r in rows}

    # a whole case: the right of access and the right to erasure
    def _case_tables(self) -> tuple[list[str], list[str]]:
        """Tables holding case data: by a case_id column, or through a scan moment or a follow-up."""
        columns = self._all(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_catalog = current_database() AND column_name IN ('case_id', 'moment_id', 'followup_id')"
        )
        by_case = sorted({t for t, c in columns if c == "case_id" and t != "audit_log"})
        indirect = sorted({t for t, c in columns if c in ("moment_id", "followup_id")} - set(by_case))
        return by_case, indirect

    def _indirect_condition(self, table: str) -> str:
        columns = {r[0] for r in self._all(
            "SELECT column_name FROM information_schema.columns WHERE table_catalog = current_database() AND table_name = ?",
            [table],
        )}
        if "moment_id" in columns:
            return "moment_id IN (SELECT id FROM scan_moments WHERE case_id = ?)"
        return "followup_id IN (SELECT id FROM followups WHERE case_id = ?)"

    def case_export(self, case_id: int) -> dict[str, list[dict]]:
        """Every row about the case, table by table (the audit log included)."""
        by_case, indirect = self._case_tables()
        out = {}
        for table, condition in (
            [("cases", "id = ?"), ("audit_log", "case_id = ?")]
            + [(t, "case_id = ?") for t in by_case]
            + [(t, self._indirect_condition(t)) for t in indirect]
        ):
            cursor = self.cur.execute(f"SELECT * FROM {table} WHERE {condition}", [case_id])  # names from the catalogue
            names = [d[0] for d in cursor.description]
            out[table] = [dict(zip(names, row)) for row in cursor.fetchall()]
        return out

    def erase_case(self, case_id: int) -> int:
        """Delete the case and everything recorded on it; the audit log keeps who did what, without content."""
        by_case, indirect = self._case_tables()
        removed = 0
        for table in indirect:  # before the moments and follow-ups they hang on
            removed += self.cur.execute(f"DELETE FROM {table} WHERE {self._indirect_condition(table)}", [case_id]).fetchone()[0]
        for table in by_case:
            removed += self.cur.execute(f"DELETE FROM {table} WHERE case_id = ?", [case_id]).fetchone()[0]
        removed += self.cur.execute("DELETE FROM cases WHERE id = ?", [case_id]).fetchone()[0]
        self.cur.execute("UPDATE audit_log SET detail = '' WHERE case_id = ?", [case_id])
        return removed

    def case_register(self) -> list[CaseRecord]:
        """Every case by number, phase and dates only: what an administrator may see."""
        rows = self._all(
            "SELECT c.id, c.phase, CAST(c.created_at AS DATE), k.closed_on FROM cases c "
            "LEFT JOIN closings k ON k.case_id = c.id AND k.active ORDER BY c.id"
        )
        return [CaseRecord(r[0], Phase(r[1]), r[2], r[3]) for r in rows]

    def closed_before(self, day: date) -> list[tuple[int, date]]:
        """Closed cases whose closing lies before `day`: candidates for the retention period."""
        return self._all(
            "SELECT c.id, k.closed_on FROM cases c JOIN closings k ON k.case_id = c.id AND k.active "
            "WHERE c.phase = 'closed' AND k.closed_on < ? ORDER BY k.closed_on",
            [day],
        )

