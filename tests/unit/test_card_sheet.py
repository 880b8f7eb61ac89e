"""The printable card sheet and the card views the pages share."""

import io
import re

import pytest
from pypdf import PdfReader

from reset_core.card_views import PROCESS, THEME, card_face, select_cards
from reset_core.cards import load_card_set
from reset_core.documents.card_sheet import card_sheet
from reset_core.model import ConversationParty


def pdf_pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def flat(text: str) -> str:
    """Text as one line: the PDF wraps long sentences where the page ends."""
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def card_set():
    return load_card_set()


def test_the_card_sheet_prints_every_text_of_the_chosen_cards_with_accents_intact(card_set):
    chosen = ["theme_manager_relationship", "process_intake"]
    pages = pdf_pages(card_sheet(chosen, "nl"))
    assert len(pages) == 2  # one card per page, in the order chosen
    for page, card_id in zip(pages, chosen):
        text = card_set.card(card_id).text("nl")
        printed = flat(page)
        parts = [text.title, text.hint]
        parts += [text.purpose, *text.questions] if card_id.startswith("process") else [
            text.explanation, *text.employee_questions, *text.manager_questions, *text.joint_questions,
        ]
        for part in parts:
            assert flat(part) in printed, part
    # Accented words as written in the card set, e.g. "vóór" and "Vóór".
    assert "vóór" in flat(pages[0])


def test_the_card_sheet_speaks_the_chosen_language(card_set):
    (page,) = pdf_pages(card_sheet(["theme_autonomy"], "en"))
    assert card_set.card("theme_autonomy").text("en").title in page
    assert "Questions for the manager" in page
    assert card_set.card("theme_autonomy").text("nl").title not in page


@pytest.mark.parametrize("lang", ["nl", "en", "fr"])
def test_every_card_of_the_set_fits_on_a_page_of_its_own(card_set, lang):
    pages = pdf_pages(card_sheet([c.id for c in card_set.cards], lang))
    assert len(pages) == len(card_set.cards)
    for page, card in zip(pages, card_set.cards):
        assert flat(card.text(lang).hint) in flat(page), card.id  # the last text of the card


def test_a_card_sheet_without_cards_is_refused():
    with pytest.raises(ValueError):
        card_sheet([], "nl")


def test_a_party_sees_only_their_own_side_of_a_theme_card(card_set):
    card = card_set.card("theme_team_relations")
    text = card.text("nl")
    employee = card_face(card_set, card, "nl", ConversationParty.EMPLOYEE)
    manager = card_face(card_set, card, "nl", ConversationParty.MANAGER)
    assert employee.groups == (("card_sheet.employee_questions", text.employee_questions),)
    assert manager.groups == (("card_sheet.manager_questions", text.manager_questions),)
    everything = card_face(card_set, card, "nl")
    assert [key for key, _ in everything.groups] == [
        "card_sheet.employee_questions", "card_sheet.manager_questions", "card_sheet.joint_questions",
    ]


def test_cards_are_filtered_by_kind_phase_theme_and_search(card_set):
    assert {c.id for c in select_cards(card_set, kind=PROCESS)} == {c.id for c in card_set.process_cards}
    assert [c.id for c in select_cards(card_set, phases=["follow_up"], kind=PROCESS)] == ["process_follow_up"]
    assert [c.id for c in select_cards(card_set, themes=["autonomy"], kind=THEME)] == ["theme_autonomy"]
    both = select_cards(card_set, phases=["intake"], themes=["autonomy"])
    assert [c.id for c in both] == ["process_intake", "theme_autonomy"]
    found = select_cards(card_set, "nl", text="leidinggevende vertrouwen")
    assert "theme_manager_relationship" in [c.id for c in found]
    assert select_cards(card_set, text="zzzgeenkaart") == []
