"""The message catalogue: every UI text, in Dutch (nl-BE, the default), English and
Belgian French (fr-BE); and German (de-BE) for the legal documents of the German-speaking
area only.

German is a document-only language: the interface never speaks it, and its catalogue
(content/messages/de/) holds only what the legal documents say. A key it lacks is an
error, never the Dutch text: a legal copy in two languages would be no legal copy."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

LANGUAGES = ("nl", "en", "fr")  # the interface: every key in each
DOCUMENT_LANGUAGES = (*LANGUAGES, "de")  # the languages a legal document can be made in
DEFAULT_LANGUAGE = "nl"
MESSAGES_DIR = Path(__file__).resolve().parent.parent / "content" / "messages"


def _flatten(tree: dict, prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in tree.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, name + "."))
        else:
            flat[name] = str(value)
    return flat


def read_yaml(stream) -> Any:
    """A content file's YAML, safely; with libyaml's parser where PyYAML has it: the
    pure-Python one took a second of a cold start for content/ (issue 19)."""
    return yaml.load(stream, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


@cache
def catalogue(lang: str, folder: Path = MESSAGES_DIR) -> dict[str, str]:
    """All messages of one language: every YAML file in content/messages/<lang>/,
    one file per part of the product."""
    merged: dict[str, str] = {}
    for file in sorted((folder / lang).glob("*.yaml")):
        with file.open(encoding="utf-8") as f:
            part = _flatten(read_yaml(f) or {})
        clash = set(part) & set(merged)
        if clash:
            raise ValueError(f"{file.name} repeats message keys: {sorted(clash)}")
        merged.update(part)
    return merged


class MissingText(LookupError):
    """A document-only language lacks the text of a key the document needs."""


def translate(key: str, lang: str = DEFAULT_LANGUAGE, **params: object) -> str:
    """The text for `key`; a missing key shows itself rather than break the page. In a
    document-only language (German) a missing key raises MissingText instead."""
    if lang in DOCUMENT_LANGUAGES and lang not in LANGUAGES:
        found = catalogue(lang).get(key)
        if found is None:
            raise MissingText(f"no {lang} text for {key!r}: a legal document never falls back to another language")
        return found.format(**params) if params else found
    lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
    text = catalogue(lang).get(key) or catalogue(DEFAULT_LANGUAGE).get(key) or key
    return text.format(**params) if params else text


def describe(error: Exception, lang: str = DEFAULT_LANGUAGE) -> str:
    """A domain error in the user's words; several problems of one form, one per line."""
    errors = getattr(error, "errors", None)
    if errors:
        return "\n".join(describe(each, lang) for each in errors)
    key = getattr(error, "key", None)
    if key is None:
        return translate("error.unexpected", lang)
    return translate(key, lang, **getattr(error, "params", {}))
