"""The command line, run as an IT person runs it: a separate process."""

import argparse
import ast
import getpass
import io
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from reset_core import __main__ as command_line
from reset_core import accounts, database, services
from reset_core.config import DB_FILE, Settings
from reset_core.errors import LoginFailed
from reset_core.model import COMMAND_LINE, Phase, Role, User
from tests.conftest import PASSWORD, TEST_KEY

PROJECT = Path(__file__).resolve().parents[2]


def cli(folder: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    env = {**os.environ, "RESET_DATA_DIR": str(folder), "RESET_DB_KEY": TEST_KEY, "RESET_LANG": "en"}
    return subprocess.run(
        [sys.executable, "-m", "reset_core", *args], cwd=PROJECT, env=env, input=stdin,
        # A guard against a hanging command, not a speed target: building the demo takes
        # about a minute on a busy 2-core machine.
        capture_output=True, text=True, timeout=600,
    )


def subcommands() -> list[str]:
    """Every subcommand, read from the parser itself, so that a new one is covered below
    without anyone remembering to list it."""
    (chooser,) = [a for a in command_line.parser()._actions if isinstance(a, argparse._SubParsersAction)]
    return list(chooser.choices)


def test_the_parser_offers_the_commands_an_administrator_needs():
    # A guard for the two tests below: a parser read wrongly would make them check nothing.
    assert {"init", "add-user", "backup", "restore", "demo", "erase-case"} <= set(subcommands())


@pytest.mark.parametrize("command", subcommands())
def test_every_subcommand_explains_itself_with_help(capsys, command):
    with pytest.raises(SystemExit) as done:
        command_line.main([command, "--help"])
    assert done.value.code == 0
    assert "gebruik: python -m reset_core " + command in capsys.readouterr().out  # RESET_LANG unset: Dutch


def test_every_subcommand_is_run_by_a_test_of_this_file():
    """A subcommand is only known to work when a test here runs it as IT would: through
    `cli(folder, "<subcommand>", ...)` with more than `--help`."""
    run = set()
    for node in ast.walk(ast.parse(Path(__file__).read_text())):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "cli" and len(node.args) >= 2:
            command, rest = node.args[1], node.args[2:]
            if isinstance(command, ast.Constant) and not any(getattr(a, "value", None) == "--help" for a in rest):
                run.add(command.value)
    assert set(subcommands()) - run == set()


def test_init_makes_the_database_and_a_second_init_keeps_what_it_holds(tmp_path):
    first = cli(tmp_path, "init")
    assert first.returncode == 0, first.stderr
    assert f"Database ready: {tmp_path / DB_FILE}" in first.stdout
    store = database.open_store(Settings(tmp_path, TEST_KEY))
    try:
        assert accounts.needs_first_admin(store)
        accounts.create_first_admin(store, "bea", "Bea Beheer", PASSWORD)
    finally:
        store.close()
    again = cli(tmp_path, "init")
    assert again.returncode == 0, again.stderr
    store = database.open_store(Settings(tmp_path, TEST_KEY))
    try:
        assert accounts.verify_login(store, "bea", PASSWORD).name == "Bea Beheer"
    finally:
        store.close()


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


def test_unlock_user_lifts_the_lockout_of_every_place(tmp_path):
    cli(tmp_path, "add-user", "fien", "--role", "facilitator", stdin="a secret passphrase\n")
    store = database.open_store(Settings(tmp_path, TEST_KEY))
    try:
        for _ in range(accounts.MAX_FAILED_ATTEMPTS):
            with pytest.raises(LoginFailed):
                accounts.verify_login(store, "fien", "wrong", source="10.0.0.66")
    finally:
        store.close()
    result = cli(tmp_path, "unlock-user", "fien")
    assert result.returncode == 0, result.stderr
    assert "Account fien unlocked (1 place(s))." in result.stdout
    store = database.open_store(Settings(tmp_path, TEST_KEY))
    try:
        assert accounts.verify_login(store, "fien", "a secret passphrase", source="10.0.0.66").username == "fien"
    finally:
        store.close()


@pytest.fixture(scope="module")
def rebuilt_demo(tmp_path_factory, demo_database) -> tuple[Path, subprocess.CompletedProcess]:
    """`demo` run once for this file (building the demo takes a minute or more on a busy
    machine), over a demo database that holds something the demo does not: a rebuild
    must start from nothing, not add to what is there."""
    folder = tmp_path_factory.mktemp("demo")
    shutil.copyfile(demo_database, folder / DB_FILE)
    store = database.open_store(Settings(folder, TEST_KEY))
    try:
        accounts.add_user(store, COMMAND_LINE, "leftover", "Left Over", PASSWORD, Role.FACILITATOR)
    finally:
        store.close()
    return folder, cli(folder, "demo")


def test_the_demo_has_cases_in_every_phase_owned_by_the_demo_facilitator(rebuilt_demo):
    folder, result = rebuilt_demo
    assert result.returncode == 0, result.stderr
    assert f"Demo database built: {folder / DB_FILE}" in result.stdout
    store = database.open_store(Settings(folder, TEST_KEY))
    try:
        assert database.is_demo(store)
        demo = accounts.verify_login(store, "demo", "demo-reset")
        cases = services.list_cases(store, demo)
        assert len(cases) >= 6
        assert {s.case.phase for s in cases} == set(Phase)
        assert any(s.case.employee.job_title.startswith("Vertegenwoordiger") for s in cases)
    finally:
        store.close()


def test_the_demo_can_be_rebuilt_but_never_over_real_data(rebuilt_demo, tmp_path):
    folder, result = rebuilt_demo
    assert result.returncode == 0, result.stderr
    store = database.open_store(Settings(folder, TEST_KEY))
    try:
        usernames = {u.username for u in accounts.login_directory(store)}
        assert "leftover" not in usernames and "demo" in usernames
    finally:
        store.close()
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


def audit_of(config, case_id):
    store = database.open_store(config)
    try:
        with store.read() as q:
            return [(e.actor, e.action) for e in q.journal.audit_of_case(case_id)]
    finally:
        store.close()


def case_ids(config):
    store = database.open_store(config)
    try:
        with store.read() as q:
            return [r.id for r in q.privacy.case_register()]
    finally:
        store.close()


CASE = 5  # Ahmed El Amrani in the demo: plan versions, scans, notes, follow-up
CLI_ACTOR = f"cli:{getpass.getuser()}"


def test_export_case_writes_one_zip_with_the_records_and_readable_pdfs_and_logs_the_access(demo_config, tmp_path):
    target = tmp_path / "export.zip"
    result = cli(demo_config.data_dir, "export-case", str(CASE), "--out", str(target), "--for", "organisation", "--reason", "Inspection request of 12/11/2026")
    assert result.returncode == 0, result.stderr
    assert str(target) in result.stdout and "not encrypted" in result.stdout
    assert target.stat().st_mode & 0o077 == 0  # readable by its owner only
    with zipfile.ZipFile(target) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    record = json.loads(files.pop(f"case-{CASE}.json"))
    assert files.pop("README.txt").decode().startswith(f"The whole re-integration case #{CASE}")
    assert record["case_id"] == CASE and record["tables"]["cases"][0]["id"] == CASE
    assert "Ahmed El Amrani" in json.dumps(record["tables"]["parties"], ensure_ascii=False)
    assert record["tables"]["conversation_cards"] and record["tables"]["followups"]
    assert files and sorted(files) == sorted(record["documents"])
    for name, data in files.items():
        text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
        assert f"Case #{CASE}" in text, name
    assert audit_of(demo_config, CASE)[-1] == (CLI_ACTOR, "case.export")
    again = cli(demo_config.data_dir, "export-case", str(CASE), "--out", str(target), "--for", "employee")
    assert again.returncode == 2 and "already exists" in again.stderr


def test_export_case_for_one_party_leaves_the_other_partys_notes_out_and_needs_a_reason_for_the_whole(demo_config, tmp_path):
    employee = tmp_path / "employee.zip"
    done = cli(demo_config.data_dir, "export-case", str(CASE), "--out", str(employee), "--for", "employee")
    assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(employee) as archive:
        record = json.loads(archive.read(f"case-{CASE}.json"))
    assert record["for"] == "employee"
    assert {r["party"] for r in record["tables"]["conversations"]} == {"employee"}
    no_reason = cli(demo_config.data_dir, "export-case", str(CASE), "--out", str(tmp_path / "whole.zip"), "--for", "organisation")
    assert no_reason.returncode == 2 and "reason" in no_reason.stderr
    assert not (tmp_path / "whole.zip").exists()


def test_erase_case_without_the_matching_confirmation_changes_nothing(demo_config):
    before = case_ids(demo_config)
    typed = cli(demo_config.data_dir, "erase-case", str(CASE), stdin="4\n")
    assert typed.returncode == 2
    assert f"Not erased: type the case number {CASE}" in typed.stderr
    silent = cli(demo_config.data_dir, "erase-case", str(CASE))  # a script that forgot --yes
    assert silent.returncode == 2
    wrong = cli(demo_config.data_dir, "erase-case", str(CASE), "--yes", "6")
    assert wrong.returncode == 2 and "Not erased" in wrong.stderr
    assert case_ids(demo_config) == before
    assert "case.erase" not in [action for _, action in audit_of(demo_config, CASE)]


def test_erase_case_with_the_case_number_typed_or_repeated_removes_the_case(demo_config):
    typed = cli(demo_config.data_dir, "erase-case", str(CASE), stdin=f"{CASE}\n")
    assert typed.returncode == 0, typed.stderr
    assert f"Case #{CASE} was erased" in typed.stdout
    assert CASE not in case_ids(demo_config)
    assert audit_of(demo_config, CASE)[-1] == (CLI_ACTOR, "case.erase")
    scripted = cli(demo_config.data_dir, "erase-case", "6", "--yes", "6")
    assert scripted.returncode == 0, scripted.stderr
    assert 6 not in case_ids(demo_config)
    gone = cli(demo_config.data_dir, "export-case", str(CASE), "--for", "employee")
    assert gone.returncode == 2 and "does not exist" in gone.stderr
