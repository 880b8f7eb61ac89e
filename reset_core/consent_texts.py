"""The versioned words of the employee's consents (content/consents.yaml).

A consent is recorded with the version of the text it was given on; the personal space
shows the employee exactly that text again, whatever the current wording is by then."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from .i18n import DEFAULT_LANGUAGE, LANGUAGES, read_yaml, translate
from .model import PROCESSING, Person

CONTENT = Path(__file__).resolve().parent.parent / "content" / "consents.yaml"


@cache
def _texts() -> dict:
    with CONTENT.open(encoding="utf-8") as f:
        return read_yaml(f)


def current_version() -> int:
    return int(_texts()["current"])


def versions() -> list[int]:
    return sorted(int(v) for v in _texts()["versions"])


def text(subject: str, version: int | None, lang: str, person: Person | None = None) -> str:
    """The words of the consent on `subject` at `version` (None: recorded before the
    texts had versions, shown in the first version's words)."""
    words = _texts()["versions"][version or versions()[0]]
    kind = "processing" if subject == PROCESSING else "person"
    if lang in LANGUAGES:
        template = words[kind].get(lang) or words[kind][DEFAULT_LANGUAGE]
    else:  # a document-only language (German): its own words or an error, never Dutch
        template = words[kind][lang]
    if person is None:
        # no one to name: drop the empty slots ("met  ," in Dutch, "avec  ()" in French)
        return template.format(role="", name="").replace("  ", " ").replace(" ()", "") if kind == "person" else template
    return template.format(role=translate(f"person_role.{person.role.value}", lang), name=person.name)
