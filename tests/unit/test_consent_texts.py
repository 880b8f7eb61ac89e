"""The consent texts (content/consents.yaml): what a party agreed to stays readable word
for word, in every language the app speaks."""

from __future__ import annotations

import hashlib

import pytest

from reset_core import consent_texts
from reset_core.model import PROCESSING, Person, PersonRole, person_subject

CONTENT_LANGUAGES = ("nl", "en", "fr")

# The Dutch and English of version 1 as parties have agreed to them since the texts
# got versions. Adding a language to version 1 must leave these exactly as they were;
# a changed wording needs a new version, never an edit of this one.
AGREED_V1 = {
    ("processing", "nl"): "bba34d804f8adb60150e20c6512242d97c3ed7d06f7fce2c449f4a722ec832fe",
    ("processing", "en"): "bd856ceead1c6dc644fdf98fd564440a0f6d6eb61194e67ae862d5e33e67e32c",
    ("person", "nl"): "4eb1fa59d880b1b38bb995c6379948ce69cd3505706d31f0c2cfe9d57e87df5d",
    ("person", "en"): "e23be017cb63fa3d1490b65b4cac2d421fa1c8194c0deeac392b8f680a2bb5b9",
}


def test_the_dutch_and_english_of_version_one_are_word_for_word_what_parties_agreed_to():
    words = consent_texts._texts()["versions"][1]
    changed = [
        (kind, lang)
        for (kind, lang), digest in AGREED_V1.items()
        if hashlib.sha256(words[kind][lang].encode()).hexdigest() != digest
    ]
    assert changed == []


def test_adding_french_did_not_start_a_new_version():
    assert consent_texts.versions() == [1]
    assert consent_texts.current_version() == 1


def test_every_consent_version_speaks_every_content_language():
    missing = [
        (version, kind, lang)
        for version, words in consent_texts._texts()["versions"].items()
        for kind in ("processing", "person")
        for lang in CONTENT_LANGUAGES
        if not (words[kind].get(lang) or "").strip()
    ]
    assert missing == []


def test_the_french_processing_consent_can_be_withdrawn_and_keeps_private_talk_private():
    text = consent_texts.text(PROCESSING, 1, "fr").replace("\u00a0", " ")
    assert text.startswith("J'autorise")
    assert "reste entre nous" in text
    assert "retirer ce consentement à tout moment" in text
    assert text != consent_texts.text(PROCESSING, 1, "nl")


def test_the_french_person_consent_names_the_person_it_is_about():
    gp = Person(id=7, role=PersonRole.GP, name="Dr Wuyts")
    text = consent_texts.text(person_subject(gp.id), 1, "fr", gp)
    assert "avec Dr Wuyts (" in text
    assert "{" not in text


@pytest.mark.parametrize("lang", CONTENT_LANGUAGES)
def test_a_person_consent_without_a_person_leaves_no_empty_slot(lang):
    text = consent_texts.text(person_subject(7), 1, lang)
    assert "{" not in text and "()" not in text and "  " not in text
