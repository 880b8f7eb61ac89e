"""On the table in a conversation with the manager, a theme or topic card explains itself
to the manager, in words written for the manager rather than for the employee."""

from __future__ import annotations

import re

import pytest

from reset_core.card_views import card_face
from reset_core.cards import LANGUAGES, load_card_set
from reset_core.documents.card_sheet import card_sheet
from reset_core.model import ConversationParty

ADDRESSED = {"nl": {"je", "jij", "jou", "jouw"}, "en": {"you", "your", "yours"}, "fr": {"vous", "votre", "vos", "vôtres"}}


@pytest.fixture(scope="module")
def card_set():
    return load_card_set()


def sides(card_set):
    return (*card_set.theme_cards, *card_set.topic_cards)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_manager_reads_the_explanation_written_for_the_manager(card_set, lang):
    for card in sides(card_set):
        text = card.text(lang)
        assert card_face(card_set, card, lang, ConversationParty.MANAGER).explanation == text.manager_explanation
        assert card_face(card_set, card, lang, ConversationParty.EMPLOYEE).explanation == text.explanation
        assert card_face(card_set, card, lang).explanation == text.explanation  # browsing and paper


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_manager_explanation_speaks_to_the_manager_in_its_own_words(card_set, lang):
    for card in sides(card_set):
        text = card.text(lang)
        assert text.manager_explanation and text.manager_explanation != text.explanation, card.id
        words = set(re.findall(r"\w+", text.manager_explanation.lower()))
        assert words & ADDRESSED[lang], (card.id, lang)
        assert not words & {"u", "uw", "tu", "toi"}, (card.id, lang)
        assert 1 <= len(re.split(r"(?<=[.!?])\s+", text.manager_explanation.strip())) <= 3, (card.id, lang)


def test_the_card_sheet_stays_with_the_general_explanation(card_set):
    from io import BytesIO

    from pypdf import PdfReader

    card = card_set.card("theme_task_fit")
    page = re.sub(r"\s+", " ", PdfReader(BytesIO(card_sheet([card.id], "nl"))).pages[0].extract_text())
    assert re.sub(r"\s+", " ", card.text("nl").explanation) in page
    assert card.text("nl").manager_explanation not in page
