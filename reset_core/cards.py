"""The ReSet card set: themes, process cards, theme cards and topic cards from content/.

Plain data, no Streamlit. `load_card_set()` reads content/themes.yaml and
content/cards.yaml once per folder (cached); `validate_card_set()` lists what is
wrong with a card set in plain words, so that content editors and the test suite
see every problem at once instead of the first exception.

Loading is deliberately lenient: a missing language or field is kept as missing
(None) rather than raising, so that validation can name it precisely. Only a
file that cannot be read or parsed at all raises `CardContentError`.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from .i18n import read_yaml

LANGUAGES = ("nl", "en", "fr")  # every card must be complete in each of these
DEFAULT_LANGUAGE = "nl"

# The phases of the ReSet journey that each have a process card, in order.
PHASES = ("intake", "preparation", "joint_dialogue", "return", "follow_up", "evaluation")

RESOURCE_KINDS = (
    "energy_drainer",
    "energy_giver",
    "social_resource",
    "structural_resource",
    "personal_resource",
)

# Topic cards: a subject every return meets that is not a scan theme (the scan's
# themes are the instrument's; a topic card adds no scan items). Same sides as a
# theme card; ids topic_<topic>.
TOPICS = ("stigma", "organisation")

THEMES_FILE = "themes.yaml"
CARDS_FILE = "cards.yaml"
DEFAULT_CONTENT_DIR = Path(__file__).resolve().parent.parent / "content"

# Inclusive (minimum, maximum) number of questions per list.
QUESTION_RANGES: Mapping[str, tuple[int, int]] = MappingProxyType(
    {
        "questions": (4, 6),  # process cards
        "employee_questions": (3, 6),
        "manager_questions": (3, 6),
        "joint_questions": (2, 4),
    }
)


class CardContentError(Exception):
    """A content file is missing or is not readable YAML."""


# --- texts per language -------------------------------------------------------
# A field is None when it is absent from the file; validation reports it.


@dataclass(frozen=True)
class ThemeText:
    name: str | None
    explanation: str | None
    relation: str | None


@dataclass(frozen=True)
class ProcessCardText:
    title: str | None
    purpose: str | None
    questions: tuple[str, ...] | None
    hint: str | None

    @property
    def explanation(self) -> str | None:
        """The purpose plays the role of a theme card's explanation (search, display)."""
        return self.purpose


@dataclass(frozen=True)
class ThemeCardText:
    title: str | None
    explanation: str | None
    # The explanation addressed to the manager, shown when the card lies on the table
    # in a conversation with the manager (the explanation speaks to the employee).
    manager_explanation: str | None
    employee_questions: tuple[str, ...] | None
    manager_questions: tuple[str, ...] | None
    joint_questions: tuple[str, ...] | None
    hint: str | None


def _pick(texts: Mapping[str, Any], lang: str) -> Any:
    """The text in `lang`, falling back to the default language."""
    if lang in texts:
        return texts[lang]
    if DEFAULT_LANGUAGE in texts:
        return texts[DEFAULT_LANGUAGE]
    raise KeyError(f"no text in {lang!r} or {DEFAULT_LANGUAGE!r}")


# --- the cards ----------------------------------------------------------------


@dataclass(frozen=True)
class Theme:
    id: str
    resource_kind: str
    texts: Mapping[str, ThemeText]

    def text(self, lang: str = DEFAULT_LANGUAGE) -> ThemeText:
        return _pick(self.texts, lang)


@dataclass(frozen=True)
class ProcessCard:
    id: str
    phase: str
    texts: Mapping[str, ProcessCardText]

    def text(self, lang: str = DEFAULT_LANGUAGE) -> ProcessCardText:
        return _pick(self.texts, lang)


@dataclass(frozen=True)
class ThemeCard:
    id: str
    theme: str
    texts: Mapping[str, ThemeCardText]

    def text(self, lang: str = DEFAULT_LANGUAGE) -> ThemeCardText:
        return _pick(self.texts, lang)


@dataclass(frozen=True)
class TopicCard:
    """A card on a topic outside the scan (stigma, the organisation's part): the
    sides of a theme card, bound to no scan theme."""

    id: str
    topic: str
    texts: Mapping[str, ThemeCardText]

    def text(self, lang: str = DEFAULT_LANGUAGE) -> ThemeCardText:
        return _pick(self.texts, lang)


Card = ProcessCard | ThemeCard | TopicCard


@dataclass(frozen=True)
class CardSet:
    themes: tuple[Theme, ...]
    process_cards: tuple[ProcessCard, ...]
    theme_cards: tuple[ThemeCard, ...]
    topic_cards: tuple[TopicCard, ...] = ()
    source: Path | None = None
    # Problems met while reading the files (wrong shapes, unknown fields).
    load_problems: tuple[str, ...] = ()

    @property
    def cards(self) -> tuple[Card, ...]:
        """Every card: the process cards in phase order, then the theme cards, then the topic cards."""
        return (*self.process_cards, *self.theme_cards, *self.topic_cards)

    def theme(self, theme_id: str) -> Theme:
        for theme in self.themes:
            if theme.id == theme_id:
                return theme
        raise KeyError(f"unknown theme: {theme_id!r}")

    def card(self, card_id: str) -> Card:
        for card in self.cards:
            if card.id == card_id:
                return card
        raise KeyError(f"unknown card: {card_id!r}")

    def theme_card_for(self, theme_id: str) -> ThemeCard:
        for card in self.theme_cards:
            if card.theme == theme_id:
                return card
        raise KeyError(f"no theme card for theme: {theme_id!r}")

    def process_card_for(self, phase: str) -> ProcessCard:
        for card in self.process_cards:
            if card.phase == phase:
                return card
        raise KeyError(f"no process card for phase: {phase!r}")


# --- loading ------------------------------------------------------------------


def load_card_set(content_dir: Path | None = None) -> CardSet:
    """The card set in `content_dir` (default: the project's content/ folder).

    Read once per folder and cached; call `clear_card_set_cache()` after editing
    the files in a running process.
    """
    folder = Path(content_dir) if content_dir is not None else DEFAULT_CONTENT_DIR
    return _load_cached(folder.resolve())


def clear_card_set_cache() -> None:
    _load_cached.cache_clear()


@functools.lru_cache(maxsize=16)
def _load_cached(folder: Path) -> CardSet:
    problems: list[str] = []
    themes_doc = _read_yaml(folder / THEMES_FILE)
    cards_doc = _read_yaml(folder / CARDS_FILE)

    themes = tuple(
        _theme(raw, n, problems)
        for n, raw in enumerate(_list_at(themes_doc, "themes", THEMES_FILE, problems), 1)
    )
    process_cards = tuple(
        _process_card(raw, n, problems)
        for n, raw in enumerate(_list_at(cards_doc, "process_cards", CARDS_FILE, problems), 1)
    )
    theme_cards = tuple(
        _theme_card(raw, n, problems)
        for n, raw in enumerate(_list_at(cards_doc, "theme_cards", CARDS_FILE, problems), 1)
    )
    topic_cards = tuple(
        _topic_card(raw, n, problems)
        # Optional: a card set without topic cards is whole.
        for n, raw in enumerate(_list_at(cards_doc, "topic_cards", CARDS_FILE, problems) if _has(cards_doc, "topic_cards") else [], 1)
    )
    return CardSet(
        themes=themes,
        process_cards=process_cards,
        theme_cards=theme_cards,
        topic_cards=topic_cards,
        source=folder,
        load_problems=tuple(problems),
    )


def _has(doc: Any, key: str) -> bool:
    return isinstance(doc, dict) and key in doc


def _read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as f:
            return read_yaml(f)
    except FileNotFoundError as exc:
        raise CardContentError(f"{path} is missing") from exc
    except yaml.YAMLError as exc:
        raise CardContentError(f"{path} is not valid YAML: {exc}") from exc


def _list_at(doc: Any, key: str, file_name: str, problems: list[str]) -> list[dict]:
    if not isinstance(doc, dict):
        problems.append(f"{file_name}: expected a mapping with a '{key}' list at the top")
        return []
    items = doc.get(key)
    if items is None:
        problems.append(f"{file_name}: the '{key}' list is missing")
        return []
    if not isinstance(items, list):
        problems.append(f"{file_name}: '{key}' should be a list")
        return []
    kept = []
    for n, item in enumerate(items, 1):
        if isinstance(item, dict):
            kept.append(item)
        else:
            problems.append(f"{file_name}: entry {n} of '{key}' is not a mapping")
    return kept


def _text(value: Any, where: str, problems: list[str]) -> str | None:
    if value is None:
        return None
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return str(value).strip()
    problems.append(f"{where} should be text, not {type(value).__name__}")
    return None


def _questions(value: Any, where: str, problems: list[str]) -> tuple[str, ...] | None:
    if value is None:
        return None
    if not isinstance(value, list):
        problems.append(f"{where} should be a list of questions")
        return None
    return tuple(_text(q, f"{where}[{n}]", problems) or "" for n, q in enumerate(value, 1))


def _texts(
    raw: dict, structural: set[str], text_type: type, label: str, problems: list[str]
) -> Mapping[str, Any]:
    """Every language block of one card (any key that is not a structural field)."""
    texts: dict[str, Any] = {}
    for lang, block in raw.items():
        if lang in structural:
            continue
        where = f"{label} ({lang})"
        if not isinstance(block, dict):
            problems.append(f"{label}: unknown field '{lang}' (languages hold a mapping)")
            continue
        expected = {f.name for f in fields(text_type)}
        for extra in sorted(set(block) - expected):
            problems.append(f"{where}: unknown field '{extra}'")
        values = {}
        for f in fields(text_type):
            if f.name.endswith("questions"):
                values[f.name] = _questions(block.get(f.name), f"{where} {f.name}", problems)
            else:
                values[f.name] = _text(block.get(f.name), f"{where} {f.name}", problems)
        texts[str(lang)] = text_type(**values)
    return MappingProxyType(texts)


def _id(raw: dict, key: str, label: str, problems: list[str]) -> str:
    return _text(raw.get(key), f"{label} {key}", problems) or ""


def _entry(raw: dict, n: int, problems: list[str], kind: str, bound_to: str, text_type: type) -> dict:
    """The fields of a theme or card entry: its id, what it is bound to (`bound_to`: a
    theme's resource kind, a card's phase, theme or topic) and its texts per language."""
    entry_id = _id(raw, "id", f"{kind} {n}", problems)
    label = f"{kind} '{entry_id}'" if entry_id else f"{kind} {n}"
    return {
        "id": entry_id, bound_to: _id(raw, bound_to, label, problems),
        "texts": _texts(raw, {"id", bound_to}, text_type, label, problems),
    }


def _theme(raw: dict, n: int, problems: list[str]) -> Theme:
    return Theme(**_entry(raw, n, problems, "theme", "resource_kind", ThemeText))


def _process_card(raw: dict, n: int, problems: list[str]) -> ProcessCard:
    return ProcessCard(**_entry(raw, n, problems, "process card", "phase", ProcessCardText))


def _theme_card(raw: dict, n: int, problems: list[str]) -> ThemeCard:
    return ThemeCard(**_entry(raw, n, problems, "theme card", "theme", ThemeCardText))


def _topic_card(raw: dict, n: int, problems: list[str]) -> TopicCard:
    return TopicCard(**_entry(raw, n, problems, "topic card", "topic", ThemeCardText))


# --- validation ---------------------------------------------------------------


def validate_card_set(card_set: CardSet) -> list[str]:
    """Every problem with the card set, in plain words; empty when all is well."""
    problems = list(card_set.load_problems)

    # Themes: ids, kinds, texts.
    theme_ids = [t.id for t in card_set.themes]
    for n, theme in enumerate(card_set.themes, 1):
        label = f"theme '{theme.id}'" if theme.id else f"theme {n}"
        if not theme.id:
            problems.append(f"theme {n} has no id")
        if theme.resource_kind not in RESOURCE_KINDS:
            problems.append(
                f"{label}: resource_kind '{theme.resource_kind}' is not one of "
                + ", ".join(RESOURCE_KINDS)
            )
        problems += _text_problems(label, theme.texts)
    for dup in _duplicates(theme_ids):
        problems.append(f"theme id '{dup}' is used more than once")

    # Card ids: present, unique across process and theme cards.
    kinds = (("process card", card_set.process_cards), ("theme card", card_set.theme_cards), ("topic card", card_set.topic_cards))
    for kind, cards in kinds:
        for n, card in enumerate(cards, 1):
            if not card.id:
                problems.append(f"{kind} {n} has no id")
    for dup in _duplicates([c.id for c in card_set.cards if c.id]):
        problems.append(f"card id '{dup}' is used more than once")

    # Process cards: known phase, one per phase, complete texts.
    for n, card in enumerate(card_set.process_cards, 1):
        label = f"process card '{card.id}'" if card.id else f"process card {n}"
        if card.phase not in PHASES:
            problems.append(f"{label}: phase '{card.phase}' is not one of " + ", ".join(PHASES))
        elif card.id and card.id != f"process_{card.phase}":
            problems.append(f"{label}: id should be 'process_{card.phase}'")
        problems += _text_problems(label, card.texts)
    phases = [c.phase for c in card_set.process_cards]
    for phase in PHASES:
        if phase not in phases:
            problems.append(f"phase '{phase}' has no process card")
    for dup in _duplicates([p for p in phases if p in PHASES]):
        problems.append(f"phase '{dup}' has more than one process card")

    # Theme cards: existing theme, one per theme, complete texts, two distinct sides.
    known_themes = set(theme_ids)
    for n, card in enumerate(card_set.theme_cards, 1):
        label = f"theme card '{card.id}'" if card.id else f"theme card {n}"
        if card.theme not in known_themes:
            problems.append(f"{label}: theme '{card.theme}' does not exist in {THEMES_FILE}")
        elif card.id and card.id != f"theme_{card.theme}":
            problems.append(f"{label}: id should be 'theme_{card.theme}'")
        problems += _text_problems(label, card.texts) + _shared_sides(label, card.texts)
    # Topic cards: a known topic, one card per topic, the sides of a theme card.
    for n, card in enumerate(card_set.topic_cards, 1):
        label = f"topic card '{card.id}'" if card.id else f"topic card {n}"
        if card.topic not in TOPICS:
            problems.append(f"{label}: topic '{card.topic}' is not one of " + ", ".join(TOPICS))
        elif card.id and card.id != f"topic_{card.topic}":
            problems.append(f"{label}: id should be 'topic_{card.topic}'")
        problems += _text_problems(label, card.texts) + _shared_sides(label, card.texts)
    for dup in _duplicates([c.topic for c in card_set.topic_cards if c.topic in TOPICS]):
        problems.append(f"topic '{dup}' has more than one topic card")

    card_themes = [c.theme for c in card_set.theme_cards]
    for theme_id in theme_ids:
        count = card_themes.count(theme_id)
        if theme_id and count == 0:
            problems.append(f"theme '{theme_id}' has no theme card")
        elif count > 1:
            problems.append(f"theme '{theme_id}' has {count} theme cards; it needs exactly one")

    return problems


def _shared_sides(label: str, texts: Mapping[str, ThemeCardText]) -> list[str]:
    problems = []
    for lang, text in texts.items():
        shared = set(text.employee_questions or ()) & set(text.manager_questions or ())
        for question in sorted(shared - {""}):
            problems.append(
                f"{label} ({lang}): the employee and manager sides share the question "
                f"'{question}'; the manager side needs its own questions"
            )
    return problems


def _text_problems(label: str, texts: Mapping[str, Any]) -> list[str]:
    problems = []
    for lang in LANGUAGES:
        if lang not in texts:
            problems.append(f"{label}: the '{lang}' text is missing")
    for lang, text in texts.items():
        where = f"{label} ({lang})"
        for f in fields(text):
            value = getattr(text, f.name)
            if value is None:
                problems.append(f"{where}: '{f.name}' is missing")
            elif f.name in QUESTION_RANGES:
                low, high = QUESTION_RANGES[f.name]
                if not low <= len(value) <= high:
                    problems.append(
                        f"{where}: '{f.name}' has {len(value)} questions; "
                        f"it needs {low} to {high}"
                    )
                for n, question in enumerate(value, 1):
                    if not question.strip():
                        problems.append(f"{where}: question {n} of '{f.name}' is empty")
                for dup in _duplicates(value):
                    problems.append(f"{where}: '{f.name}' repeats the question '{dup}'")
            elif not value.strip():
                problems.append(f"{where}: '{f.name}' is empty")
    return problems


def _duplicates(values: list[str] | tuple[str, ...]) -> list[str]:
    seen: set[str] = set()
    dups: list[str] = []
    for value in values:
        if value in seen and value not in dups:
            dups.append(value)
        seen.add(value)
    return dups


# --- search -------------------------------------------------------------------


def _fold(text: str) -> str:
    """Lower case without accents, so 'vóór' matches 'voor' and 'Team' matches 'team'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _searchable(card: Card, lang: str) -> str:
    text = card.texts.get(lang)
    if text is None:
        return ""
    parts = [text.title, text.explanation]
    for name in ("questions", "employee_questions", "manager_questions", "joint_questions"):
        parts.extend(getattr(text, name, None) or ())
    return _fold("\n".join(p for p in parts if p))


def search(card_set: CardSet, text: str, lang: str = DEFAULT_LANGUAGE) -> list[Card]:
    """Cards whose title, explanation (a process card's purpose) or questions in
    `lang` contain every word of `text`, ignoring case and accents. Process
    cards come first, in phase order, then theme cards in theme order, then topic cards."""
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language: {lang!r} (use one of {', '.join(LANGUAGES)})")
    words = _fold(text).split()
    if not words:
        return []
    return [card for card in card_set.cards if all(w in _searchable(card, lang) for w in words)]
