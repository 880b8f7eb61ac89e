"""Faults and concurrency against a real, encrypted database file: many respondents at
once, a process killed mid-write, a damaged file put right from a backup, and two
saves of the same case racing each other."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from reset_core import database, intake, scan, services
from reset_core.errors import StorageError, ValidationError
from reset_core.i18n import translate
from reset_core.instrument import load_instrument
from reset_core.model import MomentKind, Respondent
from reset_core.scan import CURRENT_VERSION
from reset_core.storage import Store
from tests.conftest import open_case

PROJECT = Path(__file__).resolve().parents[2]
INSTRUMENT = load_instrument(CURRENT_VERSION)
HEADER = 3 * 4096  # DuckDB's file header and its two database headers precede block 0


def run_all_at_once(jobs, timeout: float = 120) -> list[BaseException]:
    """Run every job in its own thread, released together; the errors they raised."""
    barrier = threading.Barrier(len(jobs))
    errors: list[BaseException] = []

    def run(job):
        try:
            barrier.wait()
            job()
        except BaseException as exc:  # noqa: BLE001 - every failure must reach the test
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    assert not any(thread.is_alive() for thread in threads), "a thread hung"
    return errors


def value_for(respondent: Respondent, n: int, item_no: int) -> int | None:
    """A different answer per respondent, link and item, so a mix-up cannot hide."""
    if (n + item_no) % 11 == 0:
        return None  # "not applicable" counts as an answer too
    return 1 + (n * 3 + item_no + (respondent is Respondent.MANAGER)) % 5


# --- concurrency ---------------------------------------------------------------------


# Every answer one by one for all 40 links is ~2,000 commits: about 40 s here (a save costs
# ~9 ms alone, ~17 ms under contention). The respondents come back to a half-filled scan
# instead: the last LIVE_ITEMS answers are saved one by one, all 40 threads at once.
LIVE_ITEMS = 8


def test_forty_respondents_answering_at_once_through_their_links_lose_no_answer(store, facilitator):
    links = []  # (case, respondent, token): 20 moments x 2 respondents
    for n in range(10):
        case_id = open_case(store, facilitator, f"Werknemer {n}")
        for kind in (MomentKind.T0, MomentKind.M3):
            _, tokens = scan.create_moment(store, facilitator, case_id, kind, date(2026, 6, 20))
            links += [(case_id, respondent, token) for respondent, token in tokens.items()]
    assert len(links) == 40
    earlier, live = INSTRUMENT.items[:-LIVE_ITEMS], list(enumerate(INSTRUMENT.items))[-LIVE_ITEMS:]
    for n, (_, respondent, token) in enumerate(links):
        scan.save_answers(store, token, {item.id: value_for(respondent, n, i) for i, item in enumerate(earlier)})

    def respondent_job(n: int, respondent: Respondent, token: str):
        def answer():
            scan.open_link(store, token)
            for item_no, item in live:
                scan.save_answer(store, token, item.id, value_for(respondent, n, item_no))
                scan.resume(store, token)  # the page reads again after every click
            if respondent is Respondent.EMPLOYEE:
                scan.save_continuum(store, token, "surviving")
            scan.submit(store, token)

        return answer

    errors = run_all_at_once([respondent_job(n, r, token) for n, (_, r, token) in enumerate(links)])
    assert errors == []

    with store.read() as q:
        assert q.cur.execute("SELECT count(*) FROM scan_answers").fetchone()[0] == 40 * len(INSTRUMENT.items)
        assert q.cur.execute("SELECT count(*) FROM scan_responses WHERE submitted_at IS NOT NULL").fetchone()[0] == 40
    for n, (_case_id, respondent, token) in enumerate(links):
        session = scan.resume(store, token)
        assert session.response.submitted
        expected = {item.id: value_for(respondent, n, i) for i, item in enumerate(INSTRUMENT.items)}
        assert session.response.answers == expected, f"link {n} lost or mixed up answers"


def test_two_saves_of_the_same_case_from_the_same_version_let_exactly_one_win(store, facilitator):
    # A case has one facilitator (another one is refused outright), so the two editors are
    # two sessions of theirs: two tabs, or a laptop and a desktop, saving at the same moment.
    case_id = open_case(store, facilitator, sick_leave_start=date(2026, 6, 1))
    for round_no in range(5):  # several rounds: the threads interleave differently each time
        case = services.get_case(store, facilitator, case_id)
        wishes = {
            "first": replace(case.details, expected_return=date(2026, 12, 1 + round_no)),
            "second": replace(case.details, expected_return=date(2027, 1, 1 + round_no)),
        }
        outcome: dict[str, object] = {}

        def save(who):
            # The threads run and finish within this round, so the loop's values are the ones meant.
            def run():
                try:
                    outcome[who] = intake.update_case(store, facilitator, case_id, wishes[who], case.version)  # noqa: B023
                except ValidationError as exc:
                    outcome[who] = exc  # noqa: B023

            return run

        assert run_all_at_once([save("first"), save("second")]) == []
        winners = [who for who, result in outcome.items() if not isinstance(result, Exception)]
        losers = [who for who, result in outcome.items() if isinstance(result, Exception)]
        assert len(winners) == 1 and len(losers) == 1, outcome
        assert outcome[losers[0]].key == "intake.changed_meanwhile"
        stored = services.get_case(store, facilitator, case_id)
        assert stored.expected_return == wishes[winners[0]].expected_return  # the loser overwrote nothing
        assert stored.version == case.version + 1
    history = services.case_history(store, facilitator, case_id)
    assert sum(1 for entry in history if entry.action == "case.update") == 5


# --- a process killed in the middle of its writes ------------------------------------

WRITER = """
import json, sys
from reset_core import database, scan
from reset_core.instrument import load_instrument

tokens = json.loads(sys.stdin.readline())
store = database.open_store()
if {checkpoint_often}:
    store._con.execute("SET checkpoint_threshold = '1KB'")  # a checkpoint after nearly every commit
items = load_instrument(scan.CURRENT_VERSION).items
print("ready", flush=True)
for item_no, item in enumerate(items):
    for n, token in enumerate(tokens):
        value = 1 + (n + item_no) % 5
        scan.save_answer(store, token, item.id, value)
        print(json.dumps([n, item.id, value]), flush=True)  # printed only once committed
print("done", flush=True)
"""


@pytest.mark.parametrize("checkpoint_often", [False, True], ids=["between-checkpoints", "during-checkpoints"])
def test_a_process_killed_mid_write_loses_no_committed_answer(config, store, facilitator, checkpoint_often):
    case_id = open_case(store, facilitator)
    tokens = []
    for kind in (MomentKind.T0, MomentKind.M3):
        _, pair = scan.create_moment(store, facilitator, case_id, kind, date(2026, 6, 20))
        tokens += [pair[Respondent.EMPLOYEE], pair[Respondent.MANAGER]]
    store.close()  # DuckDB lets one process hold the file: the writer is that process now

    kill_after = 60 if checkpoint_often else 120
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER.format(checkpoint_often=checkpoint_often)],
        cwd=PROJECT, env={**os.environ, "PYTHONPATH": str(PROJECT)},
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    committed = []
    try:
        writer.stdin.write(json.dumps(tokens) + "\n")
        writer.stdin.flush()
        assert writer.stdout.readline().strip() == "ready", writer.stderr.read()
        while len(committed) < kill_after:
            line = writer.stdout.readline()
            assert line and line.strip() != "done", "the writer ended before it could be killed: " + writer.stderr.read()
            committed.append(json.loads(line))
        writer.send_signal(signal.SIGKILL)  # no clean-up, no checkpoint, no closing
    finally:
        writer.kill()
        writer.wait(timeout=30)
    assert writer.returncode == -signal.SIGKILL
    assert len(committed) == kill_after

    reopened = Store(config.db_path, config.key)  # a StorageError here fails the test
    try:
        for n, item_id, value in committed:
            answers = scan.resume(reopened, tokens[n]).response.answers
            assert answers.get(item_id, "missing") == value, (n, item_id)
        with reopened.read() as q:
            stored = q.cur.execute("SELECT count(*) FROM scan_answers").fetchone()[0]
        assert kill_after <= stored <= kill_after + 1  # the one in flight may have committed too
    finally:
        reopened.close()


# --- a damaged file and the way back from a backup -----------------------------------


def _tables(store: Store) -> list[str]:
    with store.read() as q:
        return [r[0] for r in q.cur.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = 'reset' ORDER BY table_name"
        ).fetchall()]


def _snapshot(store: Store) -> dict[str, list[tuple]]:
    with store.read() as q:
        return {t: q.cur.execute(f'SELECT * FROM "{t}" ORDER BY ALL').fetchall() for t in _tables(store)}


def _blocks_of(store: Store, table: str) -> list[int]:
    with store.read() as q:
        return [r[0] for r in q.cur.execute(
            f"SELECT DISTINCT block_id FROM pragma_storage_info('{table}') WHERE block_id >= 0 ORDER BY 1"
        ).fetchall()]


def _block_size(store: Store) -> int:
    with store.read() as q:
        return q.cur.execute("SELECT block_size FROM pragma_database_size() WHERE database_name = 'reset'").fetchone()[0]


def _damage(path: Path, offset: int, length: int = 64) -> None:
    with path.open("r+b") as f:
        f.seek(offset)
        before = f.read(length)
        f.seek(offset)
        f.write(bytes(b ^ 0xFF for b in before))  # every bit flipped: surely different


@pytest.fixture
def filled(config, store, facilitator, tmp_path):
    """A database with cases and answers, checkpointed into its blocks, and a backup of it."""
    for n in range(3):
        case_id = open_case(store, facilitator, f"Zoë Çelik {n}")
        _, tokens = scan.create_moment(store, facilitator, case_id, MomentKind.T0, date(2026, 6, 20))
        scan.save_answers(store, tokens[Respondent.EMPLOYEE], {i.id: 1 + n for i in INSTRUMENT.items})
    backup = database.backup(store, tmp_path / "backups" / "reset-backup.duckdb")
    before = _snapshot(store)
    block_size = _block_size(store)
    parties = _blocks_of(store, "parties")
    store.close()
    return backup, before, block_size, parties


def test_a_damaged_database_gives_a_clear_message_and_the_backup_brings_everything_back(config, filled):
    backup, before, block_size, parties_blocks = filled
    assert parties_blocks, "the names must sit in a block of the file"
    _damage(config.db_path, HEADER + parties_blocks[0] * block_size + block_size // 2)

    with pytest.raises(StorageError) as err:
        Store(config.db_path, config.key)
    assert err.value.key == "storage.damaged"

    cli = subprocess.run(
        [sys.executable, "-m", "reset_core", "init"], cwd=PROJECT,
        env={**os.environ, "RESET_LANG": "en"}, capture_output=True, text=True, timeout=60,
    )
    assert cli.returncode == 2
    assert translate("storage.damaged", "en", path=str(config.db_path)) in cli.stderr
    assert "Traceback" not in cli.stderr

    database.restore(backup, config, force=True)
    restored = Store(config.db_path, config.key)
    try:
        assert _snapshot(restored) == before
    finally:
        restored.close()


def test_damage_in_any_block_is_refused_on_opening_or_leaves_every_row_intact(config, filled):
    _, before, block_size, _ = filled
    original = config.db_path.read_bytes()
    blocks = (len(original) - HEADER) // block_size
    outcomes = {}
    for block in range(blocks):
        config.db_path.write_bytes(original)
        _damage(config.db_path, HEADER + block * block_size + 1000)
        try:
            opened = Store(config.db_path, config.key)
        except StorageError as exc:
            outcomes[block] = exc.key
            continue
        try:
            assert _snapshot(opened) == before, f"block {block}: opened, but reads differ"
            outcomes[block] = "intact"
        finally:
            opened.close()
    assert set(outcomes.values()) <= {"intact", "storage.damaged"}
    assert "storage.damaged" in outcomes.values()  # the sweep did hit blocks in use


def test_a_damaged_backup_is_refused_and_the_working_database_stays(config, filled, tmp_path):
    backup, before, block_size, parties_blocks = filled
    damaged = tmp_path / "damaged-backup.duckdb"
    damaged.write_bytes(backup.read_bytes())
    _damage(damaged, HEADER + parties_blocks[0] * block_size + block_size // 2)
    with pytest.raises(StorageError) as err:
        database.restore(damaged, config, force=True)
    assert err.value.key == "storage.damaged" and err.value.params["path"] == str(damaged)
    kept = Store(config.db_path, config.key)
    try:
        assert _snapshot(kept) == before
    finally:
        kept.close()
