"""Topic cards: a stigma card and an organisation/HR card that belong to no scan theme,
in the card browser, across the table and on the printed card sheet."""

from __future__ import annotations

import io
import re
import shutil

import pytest
import yaml
from pypdf import PdfReader

from reset_core.card_views import PROCESS, THEME, TOPIC, card_face, kicker_key, select_cards
from reset_core.cards import (
    CARDS_FILE,
    DEFAULT_CONTENT_DIR,
    THEMES_FILE,
    TOPICS,
    TopicCard,
    clear_card_set_cache,
    load_card_set,
    search,
    validate_card_set,
)
from reset_core.documents.card_sheet import card_sheet
from reset_core.i18n import translate
from reset_core.model import ConversationParty


@pytest.fixture(scope="module")
def card_set():
    return load_card_set()


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_the_card_set_has_a_stigma_card_and_an_organisation_card_that_add_no_scan_theme(card_set):
    assert [(c.id, c.topic) for c in card_set.topic_cards] == [("topic_stigma", "stigma"), ("topic_organisation", "organisation")]
    assert set(TOPICS) == {c.topic for c in card_set.topic_cards}
    assert not {c.topic for c in card_set.topic_cards} & {t.id for t in card_set.themes}
    assert card_set.cards[-2:] == card_set.topic_cards  # listed after the theme cards
    assert card_set.card("topic_stigma").text("en").title == "Stigma and how others see the return"


def test_the_card_browser_finds_the_topic_cards_by_kind_and_by_words(card_set):
    topics = select_cards(card_set, "nl", kind=TOPIC)
    assert [c.id for c in topics] == ["topic_stigma", "topic_organisation"]
    assert not any(isinstance(c, TopicCard) for c in select_cards(card_set, "nl", kind=THEME))
    assert not any(isinstance(c, TopicCard) for c in select_cards(card_set, "nl", kind=PROCESS))
    assert "topic_stigma" not in [c.id for c in select_cards(card_set, "nl", themes=["team_relations"])]
    assert "topic_organisation" in [c.id for c in search(card_set, "preventieadviseur", "nl")]
    assert "topic_stigma" in [c.id for c in search(card_set, "stigmatisation", "fr")]


def test_across_the_table_each_party_sees_their_own_side_of_a_topic_card(card_set):
    card = card_set.card("topic_stigma")
    manager = card_face(card_set, card, "nl", ConversationParty.MANAGER)
    assert [key for key, _ in manager.groups] == ["card_sheet.manager_questions"]
    assert manager.groups[0][1] == card.text("nl").manager_questions
    browsing = card_face(card_set, card, "fr")
    assert [key for key, _ in browsing.groups] == [
        "card_sheet.employee_questions", "card_sheet.manager_questions", "card_sheet.joint_questions",
    ]
    assert browsing.kind == TOPIC and browsing.label == ""
    assert kicker_key(browsing) == ("topic_cards.kicker", {})


@pytest.mark.parametrize("lang", ["nl", "en", "fr"])
def test_the_card_sheet_prints_a_topic_card_whole_under_its_own_kicker(card_set, lang):
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(card_sheet(["topic_organisation", "topic_stigma"], lang))).pages]
    assert len(pages) == 2
    for page, card_id in zip(pages, ["topic_organisation", "topic_stigma"]):
        text = card_set.card(card_id).text(lang)
        printed = flat(page)
        assert translate("topic_cards.kicker", lang) in printed
        for part in (text.title, text.explanation, *text.employee_questions, *text.manager_questions, *text.joint_questions, text.hint):
            assert flat(part) in printed, part


def test_validation_reports_an_unknown_topic_and_a_second_card_for_a_topic(tmp_path):
    for name in (THEMES_FILE, CARDS_FILE):
        shutil.copy(DEFAULT_CONTENT_DIR / name, tmp_path / name)
    cards = yaml.safe_load((tmp_path / CARDS_FILE).read_text(encoding="utf-8"))
    cards["topic_cards"][1]["topic"] = "stigma"
    cards["topic_cards"][1]["id"] = "topic_stigma_again"
    cards["topic_cards"].append(dict(cards["topic_cards"][0], id="topic_weather", topic="weather"))
    (tmp_path / CARDS_FILE).write_text(yaml.safe_dump(cards, allow_unicode=True, sort_keys=False), encoding="utf-8")
    try:
        problems = validate_card_set(load_card_set(tmp_path))
    finally:
        clear_card_set_cache()
    assert any("topic 'weather' is not one of" in p for p in problems), problems
    assert any("id should be 'topic_stigma'" in p for p in problems), problems
    assert any("topic 'stigma' has more than one topic card" in p for p in problems), problems


def test_a_card_set_without_topic_cards_is_still_whole(tmp_path):
    for name in (THEMES_FILE, CARDS_FILE):
        shutil.copy(DEFAULT_CONTENT_DIR / name, tmp_path / name)
    cards = yaml.safe_load((tmp_path / CARDS_FILE).read_text(encoding="utf-8"))
    del cards["topic_cards"]
    (tmp_path / CARDS_FILE).write_text(yaml.safe_dump(cards, allow_unicode=True, sort_keys=False), encoding="utf-8")
    try:
        assert validate_card_set(load_card_set(tmp_path)) == []
    finally:
        clear_card_set_cache()
