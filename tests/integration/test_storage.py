import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from reset_core import database
from reset_core.config import Settings, resolve_key
from reset_core.errors import StorageError
from reset_core.model import Party, PartyRole
from reset_core.storage import Store
from tests.conftest import make_user, open_case

PROJECT = Path(__file__).resolve().parents[2]


@pytest.fixture
def store(fresh_store: Store) -> Store:
    """This file is about making, migrating and encrypting the file: one made from nothing."""
    return fresh_store


def fill(store: Store) -> None:
    fien = make_user(store, "fien")
    open_case(store, fien, "Zeynep Vandenbroucke", manager=Party(PartyRole.MANAGER, "Quirijn Oosterlinck"))


def test_the_database_file_holds_no_stored_name_in_plain_bytes(config, store):
    fill(store)
    store.close()
    raw = b"".join(p.read_bytes() for p in config.data_dir.iterdir() if p.name.startswith("reset.duckdb"))
    for name in ("Zeynep", "Vandenbroucke", "Oosterlinck", "fien"):
        assert name.encode() not in raw
        assert name.encode("utf-16-le") not in raw


def test_a_wrong_key_gives_a_clear_error_and_no_data(config, store):
    fill(store)
    store.close()
    with pytest.raises(StorageError) as err:
        Store(config.db_path, "not-the-key")
    assert err.value.key == "storage.wrong_key"


def test_a_new_data_folder_gets_a_key_file_only_its_owner_can_read(tmp_path, monkeypatch):
    monkeypatch.delenv("RESET_DB_KEY", raising=False)
    key = resolve_key(tmp_path, secrets_path=tmp_path / "none.toml")
    key_file = tmp_path / "reset.key"
    assert key_file.read_text().strip() == key and len(key) >= 40
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert resolve_key(tmp_path, secrets_path=tmp_path / "none.toml") == key


def test_the_key_can_come_from_streamlit_secrets(tmp_path, monkeypatch):
    monkeypatch.delenv("RESET_DB_KEY", raising=False)
    secrets_file = tmp_path / "secrets.toml"
    secrets_file.write_text('db_key = "from-secrets-file"\n')
    assert resolve_key(tmp_path, secrets_path=secrets_file) == "from-secrets-file"
    assert not (tmp_path / "reset.key").exists()


def test_a_database_without_its_key_is_not_silently_given_a_new_one(config, store, monkeypatch):
    store.close()
    monkeypatch.delenv("RESET_DB_KEY")
    with pytest.raises(StorageError) as err:
        resolve_key(config.data_dir, secrets_path=config.data_dir / "none.toml")
    assert err.value.key == "storage.key_missing"


def test_migrations_are_applied_once_and_reopening_changes_nothing(config, store):
    fill(store)
    assert store.migrate() == []
    store.close()
    again = Store(config.db_path, config.key)
    assert again.migrate() == []
    with again.read() as q:
        assert q.cur.execute("SELECT count(*) FROM schema_migrations").fetchone()[0] == len(
            list((PROJECT / "reset_core" / "storage" / "migrations").glob("*.sql"))
        )
        assert q.cases.count_cases() == 1
    again.close()


def test_a_second_process_gets_a_clear_message_instead_of_a_lock_traceback(config, store):
    result = subprocess.run(
        [sys.executable, "-m", "reset_core", "init"],
        cwd=PROJECT,
        env={**os.environ, "RESET_LANG": "en"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "already open in another process" in result.stderr
    assert "Traceback" not in result.stderr


def _snapshot(store: Store) -> list[tuple]:
    with store.read() as q:
        return [
            q.cur.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall()
            for table in ("users", "cases", "parties", "audit_log", "meta", "sessions")
        ]


def test_backup_and_restore_bring_back_exactly_the_same_data(config, store, tmp_path):
    fill(store)
    before = _snapshot(store)
    backup_file = database.backup(store, tmp_path / "backup" / "reset-backup.duckdb")
    make_user(store, "later")  # a change after the backup
    store.close()
    database.restore(backup_file, config, force=True)
    restored = Store(config.db_path, config.key)
    assert _snapshot(restored) == before
    restored.close()


def test_restore_refuses_to_overwrite_without_force(config, store, tmp_path):
    fill(store)
    backup_file = database.backup(store, tmp_path / "b.duckdb")
    store.close()
    with pytest.raises(StorageError) as err:
        database.restore(backup_file, config)
    assert err.value.key == "backup.would_overwrite"


def test_a_backup_made_with_another_key_does_not_replace_a_working_database(config, store, tmp_path):
    fill(store)
    store.close()
    foreign = Settings(tmp_path / "elsewhere", "a-completely-different-key")
    other = database.open_store(foreign)
    foreign_backup = database.backup(other, tmp_path / "foreign.duckdb")
    other.close()
    with pytest.raises(StorageError):
        database.restore(foreign_backup, config, force=True)
    reopened = Store(config.db_path, config.key)
    with reopened.read() as q:
        assert q.cases.count_cases() == 1
    reopened.close()


def test_a_backup_never_overwrites_an_existing_file_unless_told(config, store, tmp_path):
    target = tmp_path / "exists.duckdb"
    target.write_text("precious")
    with pytest.raises(StorageError):
        database.backup(store, target)
    assert target.read_text() == "precious"
