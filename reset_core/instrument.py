"""The ReSet scan instrument: content/scan/v{n}.yaml loaded into frozen dataclasses.

No Streamlit here. Loading is lenient about texts (a missing wording becomes an
empty string) so that `validate_instrument` can name every problem at once; it
is strict about structure (a file that is not a scan at all raises
`InstrumentError`).

Scoring rule, for every theme: answers run 1-5; an item with `reverse=True` is
scored 6 - answer; after reversing, a higher score is more favourable.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from .i18n import read_yaml

LANGUAGES: tuple[str, ...] = ("nl", "en", "fr")
PARTIES: tuple[str, ...] = ("employee", "manager")
SCALE_VALUES: tuple[int, ...] = (1, 2, 3, 4, 5)
CONTINUUM_LEVEL_IDS: tuple[str, ...] = ("in_crisis", "struggling", "surviving", "thriving", "excelling")
ITEMS_PER_THEME = (3, 6)
OPEN_QUESTIONS_PER_PARTY = (3, 4)
# Which work the statements are about (version 2 on): BEFORE for the scan taken while the
# person is still on leave (the work as it was before the absence, and what they expect of
# the return), AFTER for every scan after the return (the work now).
BEFORE, AFTER = "before", "after"
FRAMING_MOMENTS: tuple[str, ...] = (BEFORE, AFTER)

DEFAULT_CONTENT_DIR = Path(__file__).resolve().parent.parent / "content"

_VERSION_FILE = re.compile(r"^v(\d+)\.yaml$")


class InstrumentError(ValueError):
    """The scan file is missing or is not shaped like a scan instrument."""


def _frozen(mapping: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(mapping))


@dataclass(frozen=True)
class ScalePoint:
    value: int
    label: Mapping[str, str] = field(hash=False)  # lang -> text


@dataclass(frozen=True)
class ScanItem:
    id: str
    theme: str
    reverse: bool
    wording: Mapping[str, Mapping[str, str]] = field(hash=False)  # lang -> party -> text

    def text(self, party: str, lang: str) -> str:
        return self.wording.get(lang, {}).get(party, "")

    def scored(self, answer: int) -> int:
        """The answer (1-5) as a score where higher is more favourable."""
        if answer not in SCALE_VALUES:
            raise ValueError(f"answer must be one of {SCALE_VALUES}, got {answer!r}")
        return (SCALE_VALUES[-1] + SCALE_VALUES[0] - answer) if self.reverse else answer


@dataclass(frozen=True)
class OpenQuestion:
    id: str
    party: str
    text: Mapping[str, str] = field(hash=False)  # lang -> text


@dataclass(frozen=True)
class ContinuumLevel:
    id: str
    label: Mapping[str, str] = field(hash=False)  # lang -> text
    description: Mapping[str, str] = field(hash=False)  # lang -> text


@dataclass(frozen=True)
class ScanInstrument:
    version: int
    scale: tuple[ScalePoint, ...]
    not_applicable: Mapping[str, str] = field(hash=False)  # lang -> text
    intro: Mapping[str, Mapping[str, str]] = field(hash=False)  # lang -> party -> text
    items: tuple[ScanItem, ...] = ()
    open_questions: tuple[OpenQuestion, ...] = ()
    continuum_question: Mapping[str, str] = field(default_factory=lambda: _frozen({}), hash=False)
    continuum_note: Mapping[str, str] = field(default_factory=lambda: _frozen({}), hash=False)
    continuum: tuple[ContinuumLevel, ...] = ()
    # moment (BEFORE, AFTER) -> lang -> party -> text; empty for version 1, which has none
    framing: Mapping[str, Mapping[str, Mapping[str, str]]] = field(default_factory=lambda: _frozen({}), hash=False)

    @cached_property
    def _by_theme(self) -> Mapping[str, tuple[ScanItem, ...]]:
        # Scoring asks this for every theme of every response: the learning view scores
        # thousands of them, so the grouping is made once per instrument.
        groups: dict[str, list[ScanItem]] = {}
        for item in self.items:
            groups.setdefault(item.theme, []).append(item)
        return MappingProxyType({theme: tuple(items) for theme, items in groups.items()})

    def themes(self) -> tuple[str, ...]:
        """Theme ids in the order in which they first appear among the items."""
        return tuple(self._by_theme)

    def items_for(self, theme_id: str) -> tuple[ScanItem, ...]:
        return self._by_theme.get(theme_id, ())

    def questions_for(self, party: str) -> tuple[OpenQuestion, ...]:
        return tuple(q for q in self.open_questions if q.party == party)

    def intro_for(self, party: str, lang: str) -> str:
        return self.intro.get(lang, {}).get(party, "")

    def framing_for(self, moment: str, party: str, lang: str) -> str:
        """The sentence that says which work the statements are about at this moment
        (BEFORE or AFTER the return); "" for an instrument without framing (version 1)."""
        return self.framing.get(moment, {}).get(lang, {}).get(party, "")


# --- loading -----------------------------------------------------------------


def _mapping(raw: Any, where: str) -> dict:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise InstrumentError(f"{where}: expected a mapping, got {type(raw).__name__}")
    return raw


def _list(raw: Any, where: str) -> list:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise InstrumentError(f"{where}: expected a list, got {type(raw).__name__}")
    return raw


def _text(raw: Any) -> str:
    return "" if raw is None else str(raw).strip()


def _texts(raw: Any, where: str) -> Mapping[str, str]:
    """lang -> text; languages present in the file are kept, others left for validation."""
    return _frozen({lang: _text(value) for lang, value in _mapping(raw, where).items()})


def _by_party(raw: Any, where: str) -> Mapping[str, Mapping[str, str]]:
    """lang -> party -> text."""
    return _frozen(
        {
            lang: _frozen({party: _text(text) for party, text in _mapping(parties, f"{where}.{lang}").items()})
            for lang, parties in _mapping(raw, where).items()
        }
    )


def _parse_item(raw: Any, index: int) -> ScanItem:
    where = f"items[{index}]"
    raw = _mapping(raw, where)
    reverse = raw.get("reverse")
    if not isinstance(reverse, bool):
        raise InstrumentError(f"{where} ({raw.get('id')}): 'reverse' must be true or false")
    wording = {lang: raw.get(lang) for lang in raw if lang not in ("id", "theme", "reverse")}
    return ScanItem(
        id=_text(raw.get("id")),
        theme=_text(raw.get("theme")),
        reverse=reverse,
        wording=_by_party(wording, where),
    )


def _parse_scale_point(raw: Any, index: int) -> ScalePoint:
    where = f"scale.points[{index}]"
    raw = _mapping(raw, where)
    value = raw.get("value")
    if not isinstance(value, int) or isinstance(value, bool):
        raise InstrumentError(f"{where}: 'value' must be a whole number")
    return ScalePoint(value=value, label=_texts({k: v for k, v in raw.items() if k != "value"}, where))


def _parse_open_question(raw: Any, index: int) -> OpenQuestion:
    where = f"open_questions[{index}]"
    raw = _mapping(raw, where)
    texts = {k: v for k, v in raw.items() if k not in ("id", "party")}
    return OpenQuestion(id=_text(raw.get("id")), party=_text(raw.get("party")), text=_texts(texts, where))


def _parse_level(raw: Any, index: int) -> ContinuumLevel:
    where = f"continuum.levels[{index}]"
    raw = _mapping(raw, where)
    langs = {k: _mapping(v, f"{where}.{k}") for k, v in raw.items() if k != "id"}
    return ContinuumLevel(
        id=_text(raw.get("id")),
        label=_frozen({lang: _text(v.get("label")) for lang, v in langs.items()}),
        description=_frozen({lang: _text(v.get("description")) for lang, v in langs.items()}),
    )


def parse_instrument(data: Any, source: str = "<scan>") -> ScanInstrument:
    """Build a ScanInstrument from already-parsed YAML."""
    try:
        data = _mapping(data, "top level")
        version = data.get("version")
        if not isinstance(version, int) or isinstance(version, bool):
            raise InstrumentError("top level: 'version' must be a whole number")
        scale = _mapping(data.get("scale"), "scale")
        continuum = _mapping(data.get("continuum"), "continuum")
        return ScanInstrument(
            version=version,
            scale=tuple(_parse_scale_point(p, i) for i, p in enumerate(_list(scale.get("points"), "scale.points"))),
            not_applicable=_texts(scale.get("not_applicable"), "scale.not_applicable"),
            intro=_by_party(data.get("intro"), "intro"),
            items=tuple(_parse_item(raw, i) for i, raw in enumerate(_list(data.get("items"), "items"))),
            open_questions=tuple(
                _parse_open_question(raw, i)
                for i, raw in enumerate(_list(data.get("open_questions"), "open_questions"))
            ),
            continuum_question=_texts(continuum.get("question"), "continuum.question"),
            continuum_note=_texts(continuum.get("note"), "continuum.note"),
            continuum=tuple(
                _parse_level(raw, i) for i, raw in enumerate(_list(continuum.get("levels"), "continuum.levels"))
            ),
            framing=_frozen(
                {
                    moment: _by_party(texts, f"framing.{moment}")
                    for moment, texts in _mapping(data.get("framing"), "framing").items()
                }
            ),
        )
    except InstrumentError as error:
        raise InstrumentError(f"{source}: {error}") from None


@cache
def load_instrument(version: int = 1, content_dir: Path | None = None) -> ScanInstrument:
    """The scan instrument `content/scan/v{version}.yaml`, parsed once per (version, dir).

    The result is shared between callers; its mappings are read-only. After
    editing the file in a running process, call `load_instrument.cache_clear()`.
    """
    folder = Path(content_dir) if content_dir is not None else DEFAULT_CONTENT_DIR
    path = folder / "scan" / f"v{version}.yaml"
    if not path.is_file():
        raise InstrumentError(f"no scan instrument version {version}: {path} does not exist")
    with path.open(encoding="utf-8") as f:
        try:
            data = read_yaml(f)
        except yaml.YAMLError as error:
            raise InstrumentError(f"{path}: not valid YAML: {error}") from None
    instrument = parse_instrument(data, source=str(path))
    if instrument.version != version:
        raise InstrumentError(f"{path}: says version {instrument.version}, expected {version}")
    return instrument


def available_versions(content_dir: Path | None = None) -> list[int]:
    """The scan versions present in content/scan/, in ascending order."""
    folder = (Path(content_dir) if content_dir is not None else DEFAULT_CONTENT_DIR) / "scan"
    if not folder.is_dir():
        return []
    found = (_VERSION_FILE.match(p.name) for p in folder.iterdir() if p.is_file())
    return sorted(int(m.group(1)) for m in found if m)


# --- validation --------------------------------------------------------------


def _missing_texts(texts: Mapping[str, str], where: str) -> list[str]:
    return [f"{where}: no {lang} text" for lang in LANGUAGES if not texts.get(lang, "").strip()]


def _duplicates(ids: list[str]) -> list[str]:
    seen: set[str] = set()
    dupes: list[str] = []
    for id_ in ids:
        if id_ in seen and id_ not in dupes:
            dupes.append(id_)
        seen.add(id_)
    return dupes


def validate_instrument(instrument: ScanInstrument, theme_ids: set[str]) -> list[str]:
    """Readable problems with the instrument; an empty list means it is fit to use."""
    problems: list[str] = []

    # scale: 1..5 plus "not applicable", labelled in every language
    values = [point.value for point in instrument.scale]
    if tuple(values) != SCALE_VALUES:
        problems.append(f"scale: expected the points {list(SCALE_VALUES)}, found {values}")
    for point in instrument.scale:
        problems += _missing_texts(point.label, f"scale point {point.value}")
    problems += _missing_texts(instrument.not_applicable, "scale 'not applicable'")

    # intro per party per language
    for party in PARTIES:
        problems += _missing_texts(
            {lang: instrument.intro_for(party, lang) for lang in LANGUAGES}, f"intro for the {party}"
        )

    # framing: none at all (version 1), or both moments for both parties in every language
    if instrument.framing:
        for moment in sorted(set(instrument.framing) - set(FRAMING_MOMENTS)):
            problems.append(f"framing: '{moment}' should be one of {list(FRAMING_MOMENTS)}")
        for moment in FRAMING_MOMENTS:
            for party in PARTIES:
                problems += _missing_texts(
                    {lang: instrument.framing_for(moment, party, lang) for lang in LANGUAGES},
                    f"framing {moment} the return for the {party}",
                )

    # items: ids, wordings, themes
    item_ids = [item.id for item in instrument.items]
    for index, item in enumerate(instrument.items):
        name = f"item {item.id}" if item.id else f"item #{index + 1}"
        if not item.id:
            problems.append(f"{name}: has no id")
        if not item.theme:
            problems.append(f"{name}: has no theme")
        elif item.theme not in theme_ids:
            problems.append(f"{name}: theme '{item.theme}' is not a known theme")
        for party in PARTIES:
            for lang in LANGUAGES:
                if not item.text(party, lang).strip():
                    problems.append(f"{name}: no {party} wording in {lang}")
    problems += [f"item id '{dupe}' is used more than once" for dupe in _duplicates(item_ids) if dupe]

    low, high = ITEMS_PER_THEME
    for theme in instrument.themes():
        count = len(instrument.items_for(theme))
        if theme and not low <= count <= high:
            problems.append(f"theme {theme}: has {count} items, expected {low} to {high}")
    for theme in sorted(theme_ids - set(instrument.themes())):
        problems.append(f"theme {theme}: has no items")

    # open questions
    for index, question in enumerate(instrument.open_questions):
        name = f"open question {question.id}" if question.id else f"open question #{index + 1}"
        if not question.id:
            problems.append(f"{name}: has no id")
        if question.party not in PARTIES:
            problems.append(f"{name}: party '{question.party}' should be one of {list(PARTIES)}")
        problems += _missing_texts(question.text, name)
    low, high = OPEN_QUESTIONS_PER_PARTY
    for party in PARTIES:
        count = len(instrument.questions_for(party))
        if not low <= count <= high:
            problems.append(f"open questions for the {party}: {count}, expected {low} to {high}")

    # continuum: five levels, crisis to excelling, each labelled and described
    level_ids = tuple(level.id for level in instrument.continuum)
    if level_ids != CONTINUUM_LEVEL_IDS:
        problems.append(f"continuum: expected the levels {list(CONTINUUM_LEVEL_IDS)} in that order, found {list(level_ids)}")
    for level in instrument.continuum:
        problems += _missing_texts(level.label, f"continuum level {level.id} label")
        problems += _missing_texts(level.description, f"continuum level {level.id} description")
    problems += _missing_texts(instrument.continuum_question, "continuum question")
    problems += _missing_texts(instrument.continuum_note, "continuum note")

    # ids unique across the whole instrument (answers are stored by id)
    all_ids = item_ids + [q.id for q in instrument.open_questions] + list(level_ids)
    problems += [
        f"id '{dupe}' is used by more than one item, question or level"
        for dupe in _duplicates(all_ids)
        if dupe and dupe not in _duplicates(item_ids)
    ]
    return problems
