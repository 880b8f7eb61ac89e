"""The message catalogue: every language complete, every key the code uses present."""

import re
import string
from pathlib import Path

import yaml

from reset_core.errors import ValidationError
from reset_core.i18n import LANGUAGES, MESSAGES_DIR, catalogue, describe, translate

PROJECT = Path(__file__).resolve().parents[2]
# t("x.y"), translate("x.y", ...), _say("x.y"), Error("x.y", ...) and friends
KEY_LITERAL = re.compile(r'''(?:\bt|translate|_say|Error|Denied|NotFound|Locked|Failed|Ended)\(\s*f?"([a-z_]+\.[a-z_.]+)"''')


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def keys_by_file(lang: str, folder: Path = MESSAGES_DIR) -> dict[str, str]:
    """Every message key of `lang`, with the file it is written in."""
    found: dict[str, str] = {}

    def walk(tree: dict, prefix: str, file: str) -> None:
        for key, value in tree.items():
            if isinstance(value, dict):
                walk(value, f"{prefix}{key}.", file)
            else:
                found[f"{prefix}{key}"] = file

    for path in sorted((folder / lang).glob("*.yaml")):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")) or {}, "", path.name)
    return found


def missing_keys(folder: Path = MESSAGES_DIR) -> list[str]:
    """Per language and file, the keys another language has and this one lacks."""
    files = {lang: keys_by_file(lang, folder) for lang in LANGUAGES}
    every = set().union(*files.values())
    gaps: dict[str, list[str]] = {}
    for lang in LANGUAGES:
        for key in sorted(every - set(files[lang])):
            where = next(files[other][key] for other in LANGUAGES if key in files[other])
            gaps.setdefault(f"{lang}/{where}", []).append(key)
    return [f"{place} lacks {len(keys)} key(s): {', '.join(keys[:6])}{', ...' if len(keys) > 6 else ''}" for place, keys in gaps.items()]


def test_every_message_key_exists_in_dutch_english_and_french():
    assert set(LANGUAGES) >= {"nl", "en", "fr"}
    gaps = missing_keys()
    assert gaps == [], "\n".join(gaps)


def test_a_key_missing_in_one_language_is_named_with_its_file(tmp_path):
    for lang in LANGUAGES:
        (tmp_path / lang).mkdir()
        (tmp_path / lang / "part.yaml").write_text("part:\n  kept: x\n  dropped: y\n" if lang != "fr" else "part:\n  kept: x\n")
    assert missing_keys(tmp_path) == ["fr/part.yaml lacks 1 key(s): part.dropped"]


def test_no_catalogue_uses_a_placeholder_another_lacks_for_the_same_key():
    texts = {lang: catalogue(lang) for lang in LANGUAGES}
    shared = set.intersection(*(set(each) for each in texts.values()))
    differing = {
        key: {lang: sorted(placeholders(texts[lang][key])) for lang in LANGUAGES}
        for key in sorted(shared)
        if len({frozenset(placeholders(texts[lang][key])) for lang in LANGUAGES}) > 1
    }
    assert differing == {}


def test_no_text_is_empty():
    assert [(lang, k) for lang in LANGUAGES for k, v in catalogue(lang).items() if not v.strip()] == []


def test_every_message_key_in_the_code_exists_in_the_catalogue():
    used = set()
    for path in [*PROJECT.glob("reset_core/**/*.py"), *PROJECT.glob("views/*/*.py"), *PROJECT.glob("ui/*.py"), PROJECT / "app.py"]:
        used |= {key for key in KEY_LITERAL.findall(path.read_text()) if "{" not in key}
    assert len(used) > 30
    assert sorted(used - set(catalogue("nl"))) == []


def test_every_phase_and_next_step_has_a_label():
    from reset_core.model import Phase
    from reset_core.services import NEXT_STEP

    for phase in Phase:
        assert f"phase.{phase.value}" in catalogue("nl")
        assert NEXT_STEP[phase] in catalogue("en")


def test_a_domain_error_is_described_in_the_users_language_with_its_numbers():
    error = ValidationError("account.password_too_short", field="password", min=10)
    assert describe(error, "nl") == "Het wachtwoord moet minstens 10 tekens lang zijn."
    assert describe(error, "en") == "The password must be at least 10 characters long."
    assert describe(error, "fr") == "Le mot de passe doit compter au moins 10 caractères."


def test_an_unknown_language_falls_back_to_dutch():
    assert translate("login.title", "es") == translate("login.title", "nl")


def test_the_language_box_names_each_language_in_its_own_words_in_every_language():
    names = {"nl": "Nederlands", "en": "English", "fr": "Français"}
    assert {(lang, code): translate(f"app.language_{code}", lang) for lang in LANGUAGES for code in LANGUAGES} == {
        (lang, code): names[code] for lang in LANGUAGES for code in LANGUAGES
    }
