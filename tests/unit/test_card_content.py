"""The ReSet card set: what content/themes.yaml and content/cards.yaml promise,
and that reset_core.cards notices when a card set breaks those promises."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from dataclasses import FrozenInstanceError, fields
from pathlib import Path

import pytest
import yaml

from reset_core.cards import (
    CARDS_FILE,
    DEFAULT_CONTENT_DIR,
    LANGUAGES,
    PHASES,
    QUESTION_RANGES,
    RESOURCE_KINDS,
    THEMES_FILE,
    TOPICS,
    CardContentError,
    CardSet,
    ProcessCard,
    ThemeCard,
    clear_card_set_cache,
    load_card_set,
    search,
    validate_card_set,
)

THEME_IDS = (
    "manager_relationship",
    "team_relations",
    "social_support",
    "task_fit",
    "hindering_demands",
    "challenge_growth",
    "autonomy",
    "value_fit",
    "conditions_schedule",
    "recovery_energy",
    "return_confidence",
    "safety_communication",
)

QUESTION_FIELDS = ("questions", "employee_questions", "manager_questions", "joint_questions")


@pytest.fixture(scope="module")
def card_set() -> CardSet:
    return load_card_set()


def all_questions(card_set: CardSet, lang: str | None = None):
    """(card id, language, field, question) for every question in the set."""
    for card in card_set.cards:
        for card_lang, text in card.texts.items():
            if lang is not None and card_lang != lang:
                continue
            for name in QUESTION_FIELDS:
                for question in getattr(text, name, None) or ():
                    yield card.id, card_lang, name, question


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]


# --- a broken copy of the real content, for the validation tests ----------------


@pytest.fixture
def broken_copy(tmp_path: Path) -> Callable[..., CardSet]:
    """Copy the real content files to tmp_path, let `change(themes, cards)` break
    the parsed YAML in place, write it back and load the result."""

    def make(change: Callable[[dict, dict], None]) -> CardSet:
        for name in (THEMES_FILE, CARDS_FILE):
            shutil.copy(DEFAULT_CONTENT_DIR / name, tmp_path / name)
        themes = yaml.safe_load((tmp_path / THEMES_FILE).read_text(encoding="utf-8"))
        cards = yaml.safe_load((tmp_path / CARDS_FILE).read_text(encoding="utf-8"))
        change(themes, cards)
        for name, doc in ((THEMES_FILE, themes), (CARDS_FILE, cards)):
            (tmp_path / name).write_text(
                yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8"
            )
        return load_card_set(tmp_path)

    yield make
    clear_card_set_cache()


def theme_card(cards: dict, theme_id: str) -> dict:
    return next(c for c in cards["theme_cards"] if c["theme"] == theme_id)


def process_card(cards: dict, phase: str) -> dict:
    return next(c for c in cards["process_cards"] if c["phase"] == phase)


def assert_reported(problems: list[str], *fragments: str) -> None:
    assert any(all(f in p for f in fragments) for p in problems), (
        f"expected a problem mentioning {fragments}, got: {problems}"
    )


# --- the shipped card set ---------------------------------------------------------


def test_the_shipped_card_set_has_no_problems(card_set):
    assert validate_card_set(card_set) == []


def test_the_themes_are_the_twelve_agreed_ones_in_the_agreed_order(card_set):
    assert tuple(t.id for t in card_set.themes) == THEME_IDS


def test_every_theme_has_a_resource_kind_from_the_job_demands_resources_view(card_set):
    assert {t.resource_kind for t in card_set.themes} <= set(RESOURCE_KINDS)
    kinds = {t.id: t.resource_kind for t in card_set.themes}
    assert kinds["hindering_demands"] == "energy_drainer"
    assert kinds["challenge_growth"] == "energy_giver"
    assert kinds["social_support"] == "social_resource"


def test_every_theme_is_named_explained_and_related_in_both_languages(card_set):
    for theme in card_set.themes:
        for lang in LANGUAGES:
            text = theme.texts[lang]
            assert text.name and text.name.strip(), (theme.id, lang)
            assert 2 <= len(sentences(text.explanation)) <= 4, (theme.id, lang)
            assert 1 <= len(sentences(text.relation)) <= 2, (theme.id, lang)


def test_every_phase_has_one_process_card_in_journey_order(card_set):
    assert tuple(c.phase for c in card_set.process_cards) == PHASES
    assert [c.id for c in card_set.process_cards] == [f"process_{p}" for p in PHASES]


def test_every_theme_has_exactly_one_theme_card_in_theme_order(card_set):
    assert tuple(c.theme for c in card_set.theme_cards) == THEME_IDS
    assert [c.id for c in card_set.theme_cards] == [f"theme_{t}" for t in THEME_IDS]


def test_every_card_has_both_sides_in_both_languages(card_set):
    for card in card_set.cards:
        assert set(LANGUAGES) <= set(card.texts), card.id
        for lang in LANGUAGES:
            text = card.texts[lang]
            for f in fields(text):
                value = getattr(text, f.name)
                assert value, (card.id, lang, f.name)
                if isinstance(value, str):
                    assert value.strip(), (card.id, lang, f.name)
            if isinstance(card, ThemeCard):
                assert text.employee_questions and text.manager_questions, (card.id, lang)


def test_card_ids_are_unique(card_set):
    ids = [c.id for c in card_set.cards]
    assert len(ids) == len(set(ids)) == len(PHASES) + len(THEME_IDS) + len(TOPICS)


def test_every_theme_card_points_to_an_existing_theme(card_set):
    theme_ids = {t.id for t in card_set.themes}
    for card in card_set.theme_cards:
        assert card.theme in theme_ids, card.id


def test_question_counts_stay_within_the_agreed_ranges(card_set):
    for card in card_set.cards:
        for lang, text in card.texts.items():
            for name, (low, high) in QUESTION_RANGES.items():
                questions = getattr(text, name, None)
                if questions is not None:
                    assert low <= len(questions) <= high, (card.id, lang, name)


def test_manager_questions_are_not_the_employee_questions_again(card_set):
    for card in (*card_set.theme_cards, *card_set.topic_cards):
        for lang, text in card.texts.items():
            assert not set(text.employee_questions) & set(text.manager_questions), (card.id, lang)


def test_every_question_ends_with_a_question_mark(card_set):
    for card_id, lang, name, question in all_questions(card_set):
        assert question.rstrip().endswith("?"), (card_id, lang, name, question)


YES_NO_OPENINGS = {
    "nl": {
        "is", "ben", "bent", "zijn", "heb", "hebt", "heeft", "hebben", "kan", "kun",
        "kunt", "kunnen", "wil", "wilt", "willen", "zou", "zouden", "zal", "zult",
        "zullen", "moet", "moeten", "mag", "mogen", "weet", "vind", "voel", "doe",
        "doet", "ga", "gaat", "wordt", "worden", "zie", "merk", "durf", "krijg",
    },
    "en": {
        "is", "are", "am", "was", "were", "do", "does", "did", "can", "could", "will",
        "would", "have", "has", "had", "should", "shall", "may", "might", "must",
    },
    # "Est-ce que ...", "Avez-vous ...", "Y a-t-il ...", "Vous sentez-vous ...": yes or no
    "fr": {
        "est", "es", "êtes", "sont", "suis", "sommes", "a", "as", "ai", "avez", "avons",
        "ont", "y", "vous", "faut", "peut", "peux", "puis", "pouvez", "pourriez", "voulez",
        "voudriez", "souhaitez", "aimeriez", "sera", "serait", "seriez", "auriez", "allez",
        "faites", "devez", "dois", "savez", "pensez", "trouvez", "croyez", "sentez",
        "ressentez", "existe", "connaissez", "estimez", "arrivez", "comptez",
    },
}
QUESTION_WORDS = {
    "nl": {
        "wat", "welke", "welk", "hoe", "hoeveel", "waar", "waarover", "waaraan",
        "waarmee", "waarin", "waarvoor", "waarom", "wanneer", "wie",
    },
    "en": {"what", "which", "how", "where", "when", "who", "whom", "why"},
    "fr": {
        "quel", "quelle", "quels", "quelles", "comment", "où", "quand", "qui", "que", "qu",
        "quoi", "pourquoi", "combien", "lequel", "laquelle", "lesquels", "lesquelles",
    },
}


def question_words(question: str, lang: str) -> list[str]:
    # French elides and hyphenates its question forms (qu'est-ce, avez-vous): split on both
    return re.findall(r"\w+" if lang == "fr" else r"[\w']+", question.lower())


def test_every_question_is_open_rather_than_yes_or_no(card_set):
    for card_id, lang, _name, question in all_questions(card_set):
        words = question_words(question, lang)
        assert words[0] not in YES_NO_OPENINGS[lang], (card_id, lang, question)
        assert set(words) & QUESTION_WORDS[lang], (card_id, lang, question)


def test_french_questions_ask_with_a_question_word_up_front_so_they_cannot_be_answered_yes_or_no(card_set):
    # French also asks yes/no by inversion after a subject ("L'équipe est-elle au courant ?"),
    # which no list of first words catches: an open French question has its question word early
    for card_id, _lang, _name, question in all_questions(card_set, "fr"):
        assert set(question_words(question, "fr")[:4]) & QUESTION_WORDS["fr"], (card_id, question)


@pytest.mark.parametrize(
    "question",
    [
        "Est-ce que le plan vous convient ?",
        "Avez-vous besoin d'une pause ?",
        "Y a-t-il un collègue qui peut aider ?",
        "L'équipe est-elle au courant du retour qui approche ?",
    ],
)
def test_the_french_open_question_check_catches_a_yes_or_no_question(question):
    words = question_words(question, "fr")
    assert words[0] in YES_NO_OPENINGS["fr"] or not set(words[:4]) & QUESTION_WORDS["fr"]


MEDICAL = re.compile(
    r"\b(diagnos\w*|medic\w*|medisch\w*|therap\w*|symptom\w*|symptoom|klachten"
    r"|behandel\w*|treatment\w*|psychiat\w*|antidepress\w*|ziekte\w*|illness\w*"
    r"|pill\w*|pil|pillen|sleep\w*|slaap\w*"
    r"|médic\w*|médica\w*|thérap\w*|symptôm\w*|traitement\w*|maladie\w*|sommeil)\b",
    re.IGNORECASE,
)


def test_no_question_asks_about_diagnosis_or_medical_details(card_set):
    for card_id, lang, _name, question in all_questions(card_set):
        assert not MEDICAL.search(question), (card_id, lang, question)


def test_dutch_questions_speak_to_people_as_je_never_as_u(card_set):
    for card_id, _lang, _name, question in all_questions(card_set, "nl"):
        words = set(re.findall(r"\w+", question.lower()))
        assert not words & {"u", "uw"}, (card_id, question)
    for card in (*card_set.theme_cards, *card_set.topic_cards):
        for question in card.texts["nl"].employee_questions:
            words = set(re.findall(r"\w+", question.lower()))
            assert words & {"je", "jij", "jou", "jouw", "jezelf"}, (card.id, question)


def test_english_is_written_separately_not_left_in_dutch(card_set):
    for card in card_set.cards:
        nl, en = card.texts["nl"], card.texts["en"]
        for f in fields(nl):
            assert getattr(nl, f.name) != getattr(en, f.name), (card.id, f.name)


def test_french_is_written_separately_not_left_in_dutch_or_english(card_set):
    for card in list(card_set.cards) + list(card_set.themes):
        fr = card.texts["fr"]
        for f in fields(fr):
            assert getattr(fr, f.name) not in (getattr(card.texts["nl"], f.name), getattr(card.texts["en"], f.name)), (card.id, f.name)


def test_french_questions_speak_to_people_as_vous_never_as_tu(card_set):
    for card_id, _lang, _name, question in all_questions(card_set, "fr"):
        words = set(re.findall(r"\w+", question.lower()))
        assert not words & {"tu", "toi", "ton", "ta", "tes", "te"}, (card_id, question)
    for card in (*card_set.theme_cards, *card_set.topic_cards):
        for question in card.texts["fr"].employee_questions:
            words = set(re.findall(r"\w+", question.lower()))
            assert words & {"vous", "votre", "vos"}, (card.id, question)


def test_card_texts_keep_to_their_length(card_set):
    for card in card_set.process_cards:
        for lang in LANGUAGES:
            text = card.texts[lang]
            assert 2 <= len(sentences(text.purpose)) <= 3, (card.id, lang)
            assert 1 <= len(sentences(text.hint)) <= 3, (card.id, lang)
    for card in (*card_set.theme_cards, *card_set.topic_cards):
        for lang in LANGUAGES:
            text = card.texts[lang]
            assert 1 <= len(sentences(text.explanation)) <= 3, (card.id, lang)
            assert 1 <= len(sentences(text.hint)) <= 2, (card.id, lang)


# --- the loader ------------------------------------------------------------------


def test_the_card_set_is_read_once_per_folder(card_set):
    assert load_card_set() is card_set
    assert load_card_set(DEFAULT_CONTENT_DIR) is card_set
    assert card_set.source == DEFAULT_CONTENT_DIR.resolve()


def test_a_theme_and_a_card_are_found_by_their_id(card_set):
    assert card_set.theme("autonomy").texts["en"].name == "Autonomy and control"
    card = card_set.card("theme_social_support")
    assert isinstance(card, ThemeCard) and card.theme == "social_support"
    assert isinstance(card_set.card("process_intake"), ProcessCard)
    assert card_set.theme_card_for("value_fit").id == "theme_value_fit"
    assert card_set.process_card_for("follow_up").id == "process_follow_up"


def test_an_unknown_id_is_refused_rather_than_guessed(card_set):
    with pytest.raises(KeyError):
        card_set.theme("wellbeing")
    with pytest.raises(KeyError):
        card_set.card("theme_wellbeing")


def test_a_card_falls_back_to_dutch_for_a_language_it_does_not_have(card_set):
    card = card_set.card("process_intake")
    assert card.text("de") == card.texts["nl"]
    assert card.text("en").title == "First contact and intake"
    assert card.text("fr").title == "Premier contact et entretien d'accueil"


def test_loaded_cards_cannot_be_changed(card_set):
    card = card_set.card("theme_autonomy")
    with pytest.raises(FrozenInstanceError):
        card.theme = "value_fit"
    with pytest.raises(TypeError):
        card.texts["en"] = card.texts["nl"]
    assert isinstance(card.texts["nl"].employee_questions, tuple)


def test_a_missing_content_file_is_a_clear_error(tmp_path):
    shutil.copy(DEFAULT_CONTENT_DIR / THEMES_FILE, tmp_path / THEMES_FILE)
    with pytest.raises(CardContentError, match=CARDS_FILE):
        load_card_set(tmp_path)


# --- validation of broken copies -----------------------------------------------


def test_validation_reports_a_card_missing_its_english_manager_side(broken_copy):
    def drop(themes, cards):
        del theme_card(cards, "team_relations")["en"]["manager_questions"]

    problems = validate_card_set(broken_copy(drop))
    assert_reported(problems, "theme_team_relations", "(en)", "manager_questions", "missing")
    assert len(problems) == 1, problems


def test_validation_reports_a_card_missing_one_french_text(broken_copy):
    def drop(themes, cards):
        del theme_card(cards, "recovery_energy")["fr"]["hint"]

    problems = validate_card_set(broken_copy(drop))
    assert_reported(problems, "theme_recovery_energy", "(fr)", "hint", "missing")
    assert len(problems) == 1, problems


def test_validation_reports_a_theme_or_card_without_french(broken_copy):
    def drop(themes, cards):
        del themes["themes"][2]["fr"]
        del process_card(cards, "intake")["fr"]

    problems = validate_card_set(broken_copy(drop))
    assert_reported(problems, "social_support", "'fr'", "missing")
    assert_reported(problems, "process_intake", "'fr'", "missing")


def test_validation_reports_a_card_missing_a_whole_language(broken_copy):
    def drop(themes, cards):
        del process_card(cards, "return")["nl"]

    assert_reported(validate_card_set(broken_copy(drop)), "process_return", "'nl'", "missing")


def test_validation_reports_an_empty_text_and_an_empty_question(broken_copy):
    def blank(themes, cards):
        card = theme_card(cards, "autonomy")["nl"]
        card["hint"] = "   "
        card["joint_questions"][0] = ""

    problems = validate_card_set(broken_copy(blank))
    assert_reported(problems, "theme_autonomy", "(nl)", "'hint' is empty")
    assert_reported(problems, "theme_autonomy", "(nl)", "question 1", "joint_questions", "empty")


def test_validation_reports_too_few_and_too_many_questions(broken_copy):
    def miscount(themes, cards):
        card = theme_card(cards, "value_fit")["en"]
        card["joint_questions"] = card["joint_questions"][:1]
        intake = process_card(cards, "intake")["nl"]
        intake["questions"] = intake["questions"] + ["Wat nog?"]

    problems = validate_card_set(broken_copy(miscount))
    assert_reported(problems, "theme_value_fit", "(en)", "joint_questions", "has 1 questions")
    assert_reported(problems, "process_intake", "(nl)", "questions", "has 7 questions")


def test_validation_reports_a_card_id_used_twice(broken_copy):
    def duplicate(themes, cards):
        process_card(cards, "evaluation")["id"] = "theme_autonomy"

    assert_reported(validate_card_set(broken_copy(duplicate)), "theme_autonomy", "more than once")


def test_validation_reports_a_theme_card_for_a_theme_that_does_not_exist(broken_copy):
    def retarget(themes, cards):
        theme_card(cards, "recovery_energy")["theme"] = "sleep_quality"

    problems = validate_card_set(broken_copy(retarget))
    assert_reported(problems, "theme_recovery_energy", "sleep_quality", "does not exist")
    assert_reported(problems, "theme 'recovery_energy' has no theme card")


def test_validation_reports_a_theme_with_two_theme_cards(broken_copy):
    def double(themes, cards):
        extra = dict(theme_card(cards, "autonomy"), id="theme_autonomy_bis")
        cards["theme_cards"].append(extra)

    assert_reported(validate_card_set(broken_copy(double)), "autonomy", "2 theme cards")


def test_validation_reports_a_phase_without_a_process_card(broken_copy):
    def remove(themes, cards):
        cards["process_cards"].remove(process_card(cards, "follow_up"))

    assert_reported(validate_card_set(broken_copy(remove)), "follow_up", "no process card")


def test_validation_reports_an_unknown_resource_kind(broken_copy):
    def relabel(themes, cards):
        themes["themes"][0]["resource_kind"] = "energy_source"

    assert_reported(
        validate_card_set(broken_copy(relabel)), "manager_relationship", "energy_source"
    )


def test_validation_reports_a_manager_side_that_repeats_the_employee_side(broken_copy):
    def mirror(themes, cards):
        card = theme_card(cards, "task_fit")["nl"]
        card["manager_questions"][0] = card["employee_questions"][0]

    assert_reported(
        validate_card_set(broken_copy(mirror)), "theme_task_fit", "(nl)", "employee and manager"
    )


def test_validation_reports_a_misspelt_field(broken_copy):
    def misspell(themes, cards):
        card = theme_card(cards, "social_support")["en"]
        card["manager_question"] = card.pop("manager_questions")

    problems = validate_card_set(broken_copy(misspell))
    assert_reported(problems, "theme_social_support", "unknown field 'manager_question'")
    assert_reported(problems, "theme_social_support", "'manager_questions' is missing")


# --- search -----------------------------------------------------------------------


def test_search_finds_a_card_by_a_word_in_its_questions(card_set):
    found = search(card_set, "buddy", "nl")
    assert [c.id for c in found] == ["theme_team_relations"]
    text = found[0].texts["nl"]
    assert "buddy" not in (text.title + text.explanation).lower()  # it matched a question


def test_search_finds_a_card_by_its_title_ignoring_case_and_accents(card_set):
    assert "theme_team_relations" in [c.id for c in search(card_set, "TEAM EN COLLEGA'S", "nl")]
    assert "theme_manager_relationship" in [
        c.id for c in search(card_set, "samenwerking met je leidinggevende voor je", "nl")
    ]  # the card says "vóór"


def test_search_finds_a_process_card_by_its_purpose(card_set):
    assert [c.id for c in search(card_set, "neutral chair", "en")] == ["process_joint_dialogue"]


def test_search_looks_only_in_the_language_asked_for(card_set):
    assert search(card_set, "ziekenfonds", "nl")
    assert search(card_set, "ziekenfonds", "en") == []


def test_search_needs_every_word_and_finds_nothing_for_an_empty_text(card_set):
    assert search(card_set, "buddy ziekenfonds", "nl") == []
    assert search(card_set, "   ", "nl") == []


def test_search_finds_a_french_card_ignoring_accents(card_set):
    found = [c.id for c in search(card_set, "medecin-conseil mutualite", "fr")]
    assert found == ["theme_conditions_schedule"]  # a joint question; hints are not searched
    assert search(card_set, "mutualité", "nl") == []


def test_search_refuses_an_unknown_language(card_set):
    with pytest.raises(ValueError):
        search(card_set, "team", "de")
