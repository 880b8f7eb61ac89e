"""mypy on reset_core, against a baseline that may only shrink.

reset_core had 127 type errors when mypy was first run on it (2026-11-28). Fixing them
all at once would have been a large change of its own; instead `typecheck-baseline.txt`
holds how many each file has, and this check fails when a file gets more (a new error)
or fewer (an error fixed: lower the baseline with `--update` and commit it, so that it
cannot creep back). A file not in the baseline must have none.

    python -m tools.typecheck            # the check (make check runs it)
    python -m tools.typecheck --update   # write the current counts as the baseline
"""

from __future__ import annotations

import os
import re
import sys
from collections import Counter
from pathlib import Path

from mypy import api

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "typecheck-baseline.txt"
ERROR = re.compile(r"^(?P<file>[^:\s]+\.py):\d+: error: ")


def errors() -> tuple[Counter[str], list[str]]:
    out, err, _ = api.run(["--config-file", str(ROOT / "pyproject.toml")])
    if err.strip():
        sys.exit(f"mypy could not run:\n{err}")
    counts: Counter[str] = Counter()
    lines = []
    for line in out.splitlines():
        if match := ERROR.match(line):
            counts[match["file"]] += 1
            lines.append(line)
    return counts, lines


def baseline() -> Counter[str]:
    counts: Counter[str] = Counter()
    if BASELINE.exists():
        for line in BASELINE.read_text().splitlines():
            if line.strip() and not line.startswith("#"):
                file, count = line.rsplit(":", 1)
                counts[file.strip()] = int(count)
    return counts


def write(counts: Counter[str]) -> None:
    lines = ["# mypy errors per file in reset_core; may only go down (python -m tools.typecheck)"]
    lines += [f"{file}: {counts[file]}" for file in sorted(counts)]
    BASELINE.write_text("\n".join(lines) + "\n")


def main(argv: list[str]) -> int:
    os.chdir(ROOT)  # the baseline's paths and pyproject's `files` are relative to the repository
    found, lines = errors()
    if "--update" in argv:
        allowed = baseline()
        grown = {f for f in found if found[f] > allowed[f]}
        if grown and "--allow-more" not in argv:
            print("\n".join(line for line in lines if line.split(":", 1)[0] in grown))
            print(f"\nMore errors than the baseline in {', '.join(sorted(grown))}: fix them rather than raise it.")
            return 1
        write(found)
        print(f"Baseline written: {sum(found.values())} errors in {len(found)} files.")
        return 0
    allowed = baseline()
    worse = sorted(f for f in found if found[f] > allowed[f])
    shrunk = sorted(f for f in allowed if found[f] < allowed[f])
    for file in worse:
        print("\n".join(line for line in lines if line.startswith(file + ":")))
        print(f"{file}: {found[file]} type errors, the baseline allows {allowed[file]}.\n")
    for file in shrunk:
        print(f"{file}: {found[file]} type errors, fewer than the baseline's {allowed[file]}: "
              "run `python -m tools.typecheck --update` and commit typecheck-baseline.txt.")
    if not worse and not shrunk:
        print(f"mypy: {sum(found.values())} known errors in {len(found)} files, none new.")
    return 1 if worse or shrunk else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
