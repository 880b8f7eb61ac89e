"""The README stays true to the commands (sqlite-utils' habit: the docs are checked)."""

import argparse
import re
from pathlib import Path

from reset_core import __main__ as command_line

PROJECT = Path(__file__).resolve().parents[2]
README = (PROJECT / "README.md").read_text()
INTERNAL_TARGETS = {"browser"}  # a step of `make test` and `make bench`, not a command of its own


def test_every_subcommand_of_the_command_line_is_in_the_readme():
    (chooser,) = [a for a in command_line.parser()._actions if isinstance(a, argparse._SubParsersAction)]
    assert len(chooser.choices) >= 9
    missing = [name for name in chooser.choices if f"| `{name}" not in README]
    assert missing == []


def test_every_make_target_is_in_the_readme():
    phony = re.search(r"^\.PHONY:(.*)$", (PROJECT / "Makefile").read_text(), re.MULTILINE).group(1).split()
    assert {"run", "check", "test"} <= set(phony)
    missing = [target for target in phony if target not in INTERNAL_TARGETS and f"| `make {target}`" not in README]
    assert missing == []
