"""An erasure reaches the file on disk, and the files are their owner's only."""

from __future__ import annotations

import stat
import threading
from datetime import datetime
from pathlib import Path

from reset_core import database, privacy, services
from reset_core.model import Role, User

DEMO = User("demo", "An Vercammen", Role.FACILITATOR)
ADMIN = User("demo-admin", "Greet Huysmans", Role.ADMIN)

# DuckDB's file: three 4 KiB headers, then blocks of 256 KiB.
HEADERS, BLOCK = 3 * 4096, 256 * 1024


def blocks(path: Path) -> set[bytes]:
    """The file's data blocks (encrypted), leaving out empty ones."""
    data = path.read_bytes()[HEADERS:]
    chunks = {data[i:i + BLOCK] for i in range(0, len(data), BLOCK)}
    return {c for c in chunks if c.strip(b"\0")}


def case_of(store, employee: str) -> int:
    return next(s.case.id for s in services.list_cases(store, DEMO) if s.case.employee.name == employee)


def test_no_block_written_before_an_erasure_is_left_in_the_file_after_it(demo_store):
    # The file is encrypted, so its bytes cannot be searched for the erased names.
    # But DuckDB encrypts every block it writes with a fresh nonce: a block whose
    # bytes are found unchanged after the erasure is a block the erasure left in
    # place, and freed blocks that still hold the erased rows are such blocks.
    # Without the rewrite, every block of the tables the erasure did not touch and
    # every freed block survives; with it, none does.
    case_id = case_of(demo_store, "Ahmed El Amrani")
    with demo_store.quiesced() as path:
        before = blocks(path)
    assert before
    privacy.erase_case(demo_store, DEMO, case_id, str(case_id))
    with demo_store.quiesced() as path:
        after = blocks(path)
    assert after
    assert before & after == set()
    # and the database still answers as before, minus the case
    assert case_id not in [s.case.id for s in services.list_cases(demo_store, DEMO)]
    assert case_of(demo_store, "Lotte Wouters")


def test_retention_erasure_rewrites_the_file_too(demo_store):
    with demo_store.quiesced() as path:
        before = blocks(path)
    due = privacy.retention_due(demo_store, ADMIN, today=datetime(2100, 1, 1).date())
    assert due
    privacy.apply_retention(demo_store, ADMIN, str(len(due)), today=datetime(2100, 1, 1).date())
    with demo_store.quiesced() as path:
        assert before & blocks(path) == set()


def test_nothing_written_while_the_file_is_rewritten_is_lost(store):
    writers, each = 4, 25
    failures: list[BaseException] = []

    def write(n: int) -> None:
        try:
            for i in range(each):
                with store.transaction() as q:
                    q.journal.audit(datetime.now(), f"writer-{n}", None, "test.write", str(i))
                with store.read() as q:  # reads keep working around the swap
                    q.meta.get("kind")
        except BaseException as exc:  # noqa: BLE001 - reported below
            failures.append(exc)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    rewrites = 0
    while any(thread.is_alive() for thread in threads):
        rewrites += store.compact()
    for thread in threads:
        thread.join()
    assert failures == []
    assert rewrites >= 1
    with store.read() as q:
        written = q.cur.execute("SELECT count(*) FROM audit_log WHERE action = 'test.write'").fetchone()[0]
    assert written == writers * each


def test_the_database_and_its_backups_are_readable_by_their_owner_only(store, admin, config):
    backup = database.backup_for(store, admin, config.data_dir / "backups")
    store.compact()
    for path in (config.data_dir, backup.parent):
        assert stat.S_IMODE(path.stat().st_mode) == 0o700, path
    for path in (config.db_path, backup):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
