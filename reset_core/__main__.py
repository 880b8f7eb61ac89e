"""Command line: `python -m reset_core --help`.

Works on the data folder of $RESET_DATA_DIR (default data/). The running app holds
the database open; stop it first, or back up from the app's accounts screen.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from . import accounts, database, privacy
from .access_request import ExportFor
from .config import data_dir, settings
from .demo import build_demo
from .errors import ResetError
from .i18n import DEFAULT_LANGUAGE, LANGUAGES, describe, translate
from .model import Role, User, command_line_user


def language(asked: str | None) -> str:
    """An interface language, else Dutch: German has words for the legal documents only."""
    return asked if asked in LANGUAGES else DEFAULT_LANGUAGE


LANG = language(os.environ.get("RESET_LANG"))

# argparse's own words (Python 3.11's msgids) and the keys that say them in LANG.
ARGPARSE_WORDS = {
    "usage: ": "argparse_usage",
    "positional arguments": "argparse_positionals",
    "options": "argparse_options",
    "show this help message and exit": "argparse_help",
    "%(prog)s: error: %(message)s\n": "argparse_error",
    "the following arguments are required: %s": "argparse_required",
    "argument %(argument_name)s: %(message)s": "argparse_argument",
    "invalid choice: %(value)r (choose from %(choices)s)": "argparse_invalid_choice",
    "invalid %(type)s value: %(value)r": "argparse_invalid_value",
    "unrecognized arguments: %s": "argparse_unrecognized",
    "expected one argument": "argparse_expected_one",
    "ambiguous option: %(option)s could match %(matches)s": "argparse_ambiguous",
}


@contextmanager
def _argparse_in(lang: str) -> Iterator[None]:
    """argparse says its words through its module's gettext `_`; it says them in `lang`
    while the command line parses, and in English again afterwards (pytest's own parser
    shares the process in the tests)."""
    english = argparse._  # type: ignore[attr-defined]
    argparse._ = lambda text: translate(f"cli.{ARGPARSE_WORDS[text]}", lang) if text in ARGPARSE_WORDS else english(text)  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._ = english  # type: ignore[attr-defined]


def _say(key: str, **params: object) -> None:
    print(translate(key, LANG, **params))


def _actor() -> User:
    """Who acts, for the audit log: the command line and the server account running it."""
    try:
        return command_line_user(getpass.getuser())
    except (KeyError, OSError):  # no login name in the environment nor in the password file
        return command_line_user(str(os.getuid()))


def _read_password() -> str:
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass(translate("cli.password_prompt", LANG))
    if getpass.getpass(translate("cli.password_repeat", LANG)) != first:
        raise ResetError("cli.passwords_differ")
    return first


def cmd_init(args: argparse.Namespace) -> None:
    store = database.open_store()
    store.close()
    _say("cli.initialised", path=str(settings().db_path))


def cmd_add_user(args: argparse.Namespace) -> None:
    password = _read_password()
    store = database.open_store()
    try:
        accounts.add_user(store, _actor(), args.username, args.name or args.username, password, Role(args.role))
    finally:
        store.close()
    _say("cli.user_added", username=args.username.strip().lower(), role=args.role)


def cmd_deactivate_user(args: argparse.Namespace) -> None:
    store = database.open_store()
    try:
        accounts.set_active(store, _actor(), args.username, False)
    finally:
        store.close()
    _say("cli.user_deactivated", username=args.username)


def cmd_unlock_user(args: argparse.Namespace) -> None:
    store = database.open_store()
    try:
        places = accounts.unlock(store, _actor(), args.username)
    finally:
        store.close()
    _say("cli.user_unlocked", username=args.username, places=places)


def cmd_demo(args: argparse.Namespace) -> None:
    config = build_demo(data_dir())
    _say("cli.demo_built", path=str(config.db_path))


def cmd_backup(args: argparse.Namespace) -> None:
    store = database.open_store()
    try:
        target = database.backup(store, Path(args.file), force=args.force)
    finally:
        store.close()
    _say("cli.backup_written", path=str(target))


def cmd_restore(args: argparse.Namespace) -> None:
    database.restore(Path(args.file), settings(), force=args.force)
    _say("cli.restored", path=str(settings().db_path))


def cmd_export_case(args: argparse.Namespace) -> None:
    who = translate(f"privacy.export_who_{args.for_whom}", LANG)
    target = Path(args.out or translate("privacy.export_file", LANG, id=args.case_id, who=who))
    if target.exists():
        raise ResetError("cli.export_exists", path=str(target))
    store = database.open_store()
    try:
        archive = privacy.export_case(store, _actor(), args.case_id, LANG, for_whom=ExportFor(args.for_whom), reason=args.reason)
    finally:
        store.close()
    # Owner-only from the first byte: the export is personal data, unencrypted.
    with os.fdopen(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as out:
        out.write(archive)
    _say("cli.export_written", id=args.case_id, path=str(target))


def cmd_erase_case(args: argparse.Namespace) -> None:
    confirmation = args.yes
    if confirmation is None:
        try:
            confirmation = input(translate("cli.erase_prompt", LANG, id=args.case_id))
        except EOFError:  # nothing typed (a script without --yes): not confirmed
            confirmation = ""
    store = database.open_store()
    try:
        rows = privacy.erase_case(store, _actor(), args.case_id, confirmation)
    finally:
        store.close()
    _say("cli.erased", id=args.case_id, rows=rows)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m reset_core", description=translate("cli.description", LANG))
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("init", help=translate("cli.help_init", LANG)).set_defaults(run=cmd_init)
    add = sub.add_parser("add-user", help=translate("cli.help_add_user", LANG))
    add.add_argument("username", help=translate("cli.help_username", LANG))
    add.add_argument("--role", choices=[r.value for r in Role], required=True, help=translate("cli.help_role", LANG))
    add.add_argument("--name", help=translate("cli.help_name", LANG))
    add.set_defaults(run=cmd_add_user)
    deact = sub.add_parser("deactivate-user", help=translate("cli.help_deactivate_user", LANG))
    deact.add_argument("username", help=translate("cli.help_username", LANG))
    deact.set_defaults(run=cmd_deactivate_user)
    unlock = sub.add_parser("unlock-user", help=translate("cli.help_unlock_user", LANG))
    unlock.add_argument("username", help=translate("cli.help_username", LANG))
    unlock.set_defaults(run=cmd_unlock_user)
    sub.add_parser("demo", help=translate("cli.help_demo", LANG)).set_defaults(run=cmd_demo)
    for name, run in (("backup", cmd_backup), ("restore", cmd_restore)):
        cmd = sub.add_parser(name, help=translate(f"cli.help_{name}", LANG))
        cmd.add_argument("file", help=translate(f"cli.help_{name}_file", LANG))
        cmd.add_argument("--force", action="store_true", help=translate(f"cli.help_{name}_force", LANG))
        cmd.set_defaults(run=run)
    export = sub.add_parser("export-case", help=translate("cli.help_export_case", LANG))
    export.add_argument("case_id", type=int, metavar="CASE_ID", help=translate("cli.help_case_id", LANG))
    export.add_argument("--out", metavar="FILE", help=translate("cli.help_export_out", LANG))
    export.add_argument(
        "--for", dest="for_whom", required=True, choices=[f.value for f in ExportFor], help=translate("cli.help_export_for", LANG)
    )
    export.add_argument("--reason", default="", help=translate("cli.help_export_reason", LANG))
    export.set_defaults(run=cmd_export_case)
    erase = sub.add_parser("erase-case", help=translate("cli.help_erase_case", LANG))
    erase.add_argument("case_id", type=int, metavar="CASE_ID", help=translate("cli.help_case_id", LANG))
    erase.add_argument("--yes", metavar="CASE_ID", help=translate("cli.help_erase_yes", LANG))
    erase.set_defaults(run=cmd_erase_case)
    return p


def main(argv: list[str] | None = None) -> int:
    with _argparse_in(LANG):
        args = parser().parse_args(argv)
    try:
        args.run(args)
    except ResetError as exc:
        print(describe(exc, LANG), file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
