"""The database: one DuckDB connection per process, and the unit of work.

Encrypted at rest through DuckDB's AES-GCM with the OpenSSL module shipped by the
`duckdb-extension-httpfs` wheel. Every call takes a fresh cursor (a DuckDB connection
object must not be shared across threads); writes are serialised by one lock and each
use case runs in one transaction, whose `Queries` holds one attribute per aggregate.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import duckdb
import duckdb_extension_httpfs

from ..errors import StorageError
from ._sql import sql_literal
from .accounts import Accounts
from .agreements import Agreements
from .cases import Cases
from .checkins import CheckIns
from .closing import Closings
from .conversations import Conversations
from .dialogue import Dialogue
from .followup import FollowUps
from .intake import Intake
from .journal import Journal
from .learning import Learning
from .legal import Legal
from .legal_report import LegalReports
from .meta import Meta
from .organisation import Organisations
from .phases import Phases
from .prevention import Prevention
from .privacy import Privacy
from .scan_reviews import ScanReviews
from .scans import Scans
from .sharing import Sharing
from .spaces import Spaces
from .training import Training

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_HTTPFS = (
    Path(duckdb_extension_httpfs.__file__).parent
    / "extensions"
    / f"v{duckdb.__version__}"
    / "httpfs.duckdb_extension"
)


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
            self._con.execute(f"LOAD {sql_literal(str(_HTTPFS))}")
            # ATTACH takes no parameters; the literal is escaped above.
            self._con.execute(
                f"ATTACH {sql_literal(str(self.path))} AS reset "
                f"(ENCRYPTION_KEY {sql_literal(key)})"
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
                    con.execute(f"ATTACH {sql_literal(str(fresh))} AS fresh (ENCRYPTION_KEY {sql_literal(self._key)})")
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
                            f"ATTACH {sql_literal(str(self.path))} AS reset (ENCRYPTION_KEY {sql_literal(self._key)})"
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
    """The unit of work: every statement the app runs, on one cursor, grouped by
    aggregate (`q.scans.responses_of_case(...)`, `q.journal.audit(...)`). `cur` is the
    cursor itself, for the store's own housekeeping and the tests' raw checks."""

    def __init__(self, cur: duckdb.DuckDBPyConnection) -> None:
        self.cur = cur
        self.meta = Meta(cur)
        self.organisation = Organisations(cur)
        self.accounts = Accounts(cur)
        self.journal = Journal(cur)
        self.cases = Cases(cur)
        self.phases = Phases(cur)
        self.intake = Intake(cur)
        self.legal = Legal(cur)
        self.legal_report = LegalReports(cur)
        self.conversations = Conversations(cur)
        self.scans = Scans(cur)
        self.sharing = Sharing(cur)
        self.scan_reviews = ScanReviews(cur)
        self.spaces = Spaces(cur)
        self.dialogue = Dialogue(cur)
        self.agreements = Agreements(cur)
        self.followup = FollowUps(cur)
        self.checkins = CheckIns(cur)
        self.closing = Closings(cur)
        self.prevention = Prevention(cur)
        self.learning = Learning(cur)
        self.privacy = Privacy(cur)
        self.training = Training(cur)
