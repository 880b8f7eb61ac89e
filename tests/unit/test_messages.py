"""The message catalogue: both languages complete, every key the code uses present."""

import re
import string
from pathlib import Path

from reset_core.errors import ValidationError
from reset_core.i18n import LANGUAGES, catalogue, describe, translate

PROJECT = Path(__file__).resolve().parents[2]
# t("x.y"), translate("x.y", ...), _say("x.y"), Error("x.y", ...) and friends
KEY_LITERAL = re.compile(r'''(?:\bt|translate|_say|Error|Denied|NotFound|Locked|Failed|Ended)\(\s*f?"([a-z_]+\.[a-z_.]+)"''')


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_dutch_and_english_have_exactly_the_same_keys():
    assert set(catalogue("nl")) == set(catalogue("en"))


def test_a_text_has_the_same_placeholders_in_both_languages():
    nl, en = catalogue("nl"), catalogue("en")
    assert [k for k in nl if placeholders(nl[k]) != placeholders(en[k])] == []


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


def test_an_unknown_language_falls_back_to_dutch():
    assert translate("login.title", "fr") == translate("login.title", "nl")
