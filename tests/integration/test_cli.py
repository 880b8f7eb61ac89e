"""The command line, run as an IT person runs it: a separate process."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from reset_core import accounts, database, services
from reset_core.config import Settings
from reset_core.model import Phase, Role, User
from tests.conftest import TEST_KEY

PROJECT = Path(__file__).resolve().parents[2]


def cli(folder: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    env = {**os.environ, "RESET_DATA_DIR": str(folder), "RESET_DB_KEY": TEST_KEY, "RESET_LANG": "en"}
    return subprocess.run(
        [sys.executable, "-m", "reset_core", *args], cwd=PROJECT, env=env, input=stdin,
        capture_output=True, text=True, timeout=120,
    )


@pytest.mark.parametrize("command", ["init", "add-user", "deactivate-user", "demo", "backup", "restore"])
def test_every_subcommand_explains_itself_with_help(tmp_path, command):
    result = cli(tmp_path, command, "--help")
    assert result.returncode == 0
    assert "usage: python -m reset_core " + command in result.stdout


def test_an_account_is_added_with_the_password_read_from_standard_input(tmp_path):
    result = cli(tmp_path, "add-user", "Fien", "--role", "facilitator", "--name", "Fien Peeters", stdin="a secret passphrase\n")
    assert result.returncode == 0, result.stderr
    assert "a secret passphrase" not in result.stdout
    store = database.open_store(Settings(tmp_path, TEST_KEY))
    try:
        assert accounts.verify_login(store, "fien", "a secret passphrase").name == "Fien Peeters"
    finally:
        store.close()


def test_a_too_short_password_is_refused_with_a_message_and_no_account(tmp_path):
    result = cli(tmp_path, "add-user", "fien", "--role", "admin", stdin="short\n")
    assert result.returncode == 2
    assert "at least 10 characters" in result.stderr
    store = database.open_store(Settings(tmp_path, TEST_KEY))
    try:
        assert accounts.needs_first_admin(store)
    finally:
        store.close()


def test_a_deactivated_user_can_no_longer_log_in(tmp_path):
    cli(tmp_path, "add-user", "fien", "--role", "facilitator", stdin="a secret passphrase\n")
    result = cli(tmp_path, "deactivate-user", "fien")
    assert result.returncode == 0, result.stderr
    store = database.open_store(Settings(tmp_path, TEST_KEY))
    try:
        assert [a.active for a in accounts.accounts(store, User("x", "x", Role.ADMIN))] == [False]
    finally:
        store.close()


def test_the_demo_has_cases_in_every_phase_owned_by_the_demo_facilitator(tmp_path):
    result = cli(tmp_path / "demo", "demo")
    assert result.returncode == 0, result.stderr
    store = database.open_store(Settings(tmp_path / "demo", TEST_KEY))
    try:
        assert database.is_demo(store)
        demo = accounts.verify_login(store, "demo", "demo-reset")
        cases = services.list_cases(store, demo)
        assert len(cases) >= 6
        assert {s.case.phase for s in cases} == set(Phase)
        assert any(s.case.employee.job_title.startswith("Vertegenwoordiger") for s in cases)
    finally:
        store.close()


def test_the_demo_can_be_rebuilt_but_never_over_real_data(tmp_path):
    assert cli(tmp_path / "demo", "demo").returncode == 0
    assert cli(tmp_path / "demo", "demo").returncode == 0
    cli(tmp_path / "real", "add-user", "fien", "--role", "admin", stdin="a secret passphrase\n")
    refused = cli(tmp_path / "real", "demo")
    assert refused.returncode == 2
    assert "real database" in refused.stderr
    store = database.open_store(Settings(tmp_path / "real", TEST_KEY))
    try:
        assert not database.is_demo(store)
        assert accounts.verify_login(store, "fien", "a secret passphrase")
    finally:
        store.close()


def test_backup_then_restore_from_the_command_line(tmp_path):
    cli(tmp_path / "data", "add-user", "fien", "--role", "admin", stdin="a secret passphrase\n")
    backup = tmp_path / "backup.duckdb"
    assert cli(tmp_path / "data", "backup", str(backup)).returncode == 0
    cli(tmp_path / "data", "add-user", "later", "--role", "admin", stdin="a secret passphrase\n")
    refused = cli(tmp_path / "data", "restore", str(backup))
    assert refused.returncode == 2 and "--force" in refused.stderr
    assert cli(tmp_path / "data", "restore", str(backup), "--force").returncode == 0
    store = database.open_store(Settings(tmp_path / "data", TEST_KEY))
    try:
        assert [a.username for a in accounts.accounts(store, User("x", "x", Role.ADMIN))] == ["fien"]
    finally:
        store.close()
