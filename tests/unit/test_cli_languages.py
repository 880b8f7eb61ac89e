"""The command line speaks the language of RESET_LANG (nl, en or fr) in everything it
prints: its own messages, every help line, and argparse's words around them (usage,
options, a missing or wrong argument)."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

import reset_core.__main__ as cli
from reset_core.i18n import LANGUAGES, catalogue, translate

SOURCE = Path(cli.__file__).read_text(encoding="utf-8")
COMMANDS = ["init", "add-user", "deactivate-user", "unlock-user", "demo", "backup", "restore", "export-case", "erase-case"]
ENGLISH_ONLY = ("usage:", "positional arguments", "show this help message", "error:", "the following arguments are required")


def run(monkeypatch, capsys, lang: str, *argv: str) -> tuple[int, str]:
    monkeypatch.setattr(cli, "LANG", lang)
    with pytest.raises(SystemExit) as stop:
        cli.main(list(argv))
    out = capsys.readouterr()
    return stop.value.code, " ".join((out.out + out.err).split())


def test_every_message_key_the_command_line_uses_exists_in_dutch_english_and_french():
    keys = set(re.findall(r'"(cli\.[a-z_]+)"', SOURCE)) | {f"cli.help_{c.replace('-', '_')}" for c in COMMANDS}
    keys |= {f"cli.{word}" for word in cli.ARGPARSE_WORDS.values()}
    assert [(lang, k) for lang in LANGUAGES for k in sorted(keys) if k not in catalogue(lang)] == []


def test_the_french_command_line_is_not_english_left_untranslated():
    same = [k for k in catalogue("fr") if k.startswith("cli.") and catalogue("fr")[k] == catalogue("en")[k]]
    assert same == []


@pytest.mark.parametrize("command", [[], *([c] for c in COMMANDS)], ids=["top", *COMMANDS])
def test_every_help_of_the_french_command_line_is_wholly_french(monkeypatch, capsys, command):
    code, text = run(monkeypatch, capsys, "fr", *command, "--help")
    assert code == 0
    assert "utilisation :" in text and "afficher cette aide et quitter" in text
    assert [word for word in ENGLISH_ONLY if word in text] == []


def test_every_argument_of_every_command_explains_itself():
    def silent(p: argparse.ArgumentParser) -> list[str]:
        found = [f"{p.prog} {a.dest}" for a in p._actions if not a.help and not isinstance(a, argparse._SubParsersAction)]
        for action in p._actions:
            if isinstance(action, argparse._SubParsersAction):
                for sub in action.choices.values():
                    found += silent(sub)
        return found

    assert silent(cli.parser()) == []


@pytest.mark.parametrize(("lang", "said"), [
    ("fr", "python -m reset_core export-case : erreur : ces arguments sont obligatoires : --for"),
    ("nl", "python -m reset_core export-case: fout: deze argumenten zijn verplicht: --for"),
    ("en", "python -m reset_core export-case: error: the following arguments are required: --for"),
])
def test_a_missing_argument_is_said_in_the_users_language(monkeypatch, capsys, lang, said):
    code, text = run(monkeypatch, capsys, lang, "export-case", "3")
    assert code == 2 and said in text


def test_a_wrong_choice_is_said_in_french(monkeypatch, capsys):
    code, text = run(monkeypatch, capsys, "fr", "add-user", "ann", "--role", "boss")
    assert code == 2 and "choix non valide : 'boss' (choisissez parmi 'admin', 'facilitator')" in text


def test_argparse_speaks_english_again_after_the_command_line_ran(monkeypatch, capsys):
    run(monkeypatch, capsys, "fr", "--help")
    assert argparse._("usage: ") == "usage: "  # pytest's own parser, in the same process, is left alone


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_help_of_export_case_names_the_file_it_really_writes(lang):
    default = translate("privacy.export_file", lang, id="CASE_ID", who=translate("privacy.export_who_employee", lang))
    assert default in translate("cli.help_export_out", lang)


@pytest.mark.parametrize(("asked", "spoken"), [("fr", "fr"), ("en", "en"), ("nl", "nl"), ("de", "nl"), ("", "nl"), (None, "nl")])
def test_the_command_line_speaks_an_interface_language_and_dutch_for_any_other(asked, spoken):
    # German is for the legal documents only; the command line has no German words
    assert cli.language(asked) == spoken
