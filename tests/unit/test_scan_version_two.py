"""Scan version 2 (content/scan/v2.yaml): statements framed for the moment (the work before
the absence at T0, the work now after the return), and manager statements about what the
manager sees and does at work, never a guess at the employee's feelings or private life."""

from __future__ import annotations

import re

import pytest
import yaml

from reset_core import scan
from reset_core.instrument import (
    AFTER,
    BEFORE,
    DEFAULT_CONTENT_DIR,
    LANGUAGES,
    PARTIES,
    load_instrument,
    parse_instrument,
    validate_instrument,
)
from reset_core.model import MomentKind

V1, V2 = load_instrument(1), load_instrument(2)
THEMES = {t["id"] for t in yaml.safe_load((DEFAULT_CONTENT_DIR / "themes.yaml").read_text(encoding="utf-8"))["themes"]}

# Words that guess at what goes on inside the employee or at their life outside work. A
# manager can say what they see at work and what they do; not what the employee feels,
# fears or thinks, nor how things are at home. Kept short and plain on purpose: a word
# here is one a manager's statement simply does not need.
GUESSING = {
    "nl": r"voel|gevoel|bang|angst|schrik|zorgen maakt|denkt|vindt|ervaart|beleeft|gelukkig|verdriet|stemming|"
          r"thuis|privé|gezin|familie|partner|kinderen|vrije tijd|naast het werk|buiten het werk|slaap",
    "en": r"feel|afraid|fear|worr|thinks|believes|experiences|happy|sad|mood|"
          r"home|private|family|partner|children|free time|outside work\b|after work|sleep",
    "fr": r"\bsent\b|\bsentent\b|ressent|sentiment|peur|craint|inquiet|inquiète|pense|trouve|heureu|triste|humeur|moral\b|"
          r"maison|domicile|vie privée|famille|partenaire|enfants|temps libre|en dehors du travail|sommeil",
}


def guesses(text: str, lang: str) -> list[str]:
    return re.findall(GUESSING[lang], text, re.IGNORECASE)


def test_version_two_validates_in_dutch_english_and_french():
    assert validate_instrument(V2, THEMES) == []
    for lang in LANGUAGES:
        assert all(item.text(party, lang).strip() for item in V2.items for party in PARTIES), lang


def test_no_manager_statement_guesses_at_the_employees_feelings_or_life_outside_work():
    found = [
        (item.id, lang, guesses(item.text("manager", lang), lang))
        for item in V2.items
        for lang in LANGUAGES
        if guesses(item.text("manager", lang), lang)
    ]
    assert found == []


def test_the_guessing_check_would_catch_the_manager_statements_of_version_one():
    # Version 1 had them: "Mijn medewerker voelt zich welkom in het team", time for things
    # that recharge "naast het werk", the employee "is bang" to stop again.
    caught = {item.id for item in V1.items if any(guesses(item.text("manager", lang), lang) for lang in LANGUAGES)}
    assert {"team_relations_1", "recovery_energy_3", "return_confidence_2"} <= caught


def test_every_manager_statement_says_what_the_manager_sees_or_does():
    # The manager speaks in the first person: "Ik zie dat ...", "Ik zorg dat ...".
    first_person = {"nl": r"\b(ik|mij|mijn)\b", "en": r"\b(I|me|my)\b", "fr": r"\b(je|j|moi|me|m)\b"}
    not_own = [
        (item.id, lang) for item in V2.items for lang in LANGUAGES
        if not re.search(first_person[lang], item.text("manager", lang), 0 if lang == "en" else re.IGNORECASE)
    ]
    assert not_own == []


def test_every_statement_is_framed_for_before_and_after_the_return_in_each_language():
    for moment in (BEFORE, AFTER):
        for party in PARTIES:
            for lang in LANGUAGES:
                assert V2.framing_for(moment, party, lang).strip(), (moment, party, lang)
    assert "vóór je afwezigheid" in V2.framing_for(BEFORE, "employee", "nl")
    assert "wat je verwacht" in V2.framing_for(BEFORE, "employee", "nl")
    assert "zoals het nu is" in V2.framing_for(AFTER, "employee", "nl")
    assert "before your absence" in V2.framing_for(BEFORE, "employee", "en")
    assert "avant votre absence" in V2.framing_for(BEFORE, "employee", "fr")


def test_the_scan_before_the_return_is_about_the_work_before_the_absence_and_every_later_one_about_now():
    assert scan.framing_of(MomentKind.T0) == BEFORE
    assert {scan.framing_of(kind) for kind in MomentKind if kind is not MomentKind.T0} == {AFTER}
    assert V1.framing_for(BEFORE, "employee", "nl") == ""  # version 1 has none: its screens stay as they were


def test_a_framing_missing_for_one_moment_is_named():
    data = yaml.safe_load((DEFAULT_CONTENT_DIR / "scan" / "v2.yaml").read_text(encoding="utf-8"))
    del data["framing"]["after"]["fr"]
    problems = validate_instrument(parse_instrument(data), THEMES)
    assert problems == [
        "framing after the return for the employee: no fr text",
        "framing after the return for the manager: no fr text",
    ]


def test_version_two_keeps_the_themes_of_version_one_so_theme_views_compare_within_each():
    assert V2.themes() == V1.themes()


def test_version_two_never_reuses_an_id_of_version_one():
    # Answers are stored by id: an id of one version must never read as the other's statement.
    ids = lambda i: {x.id for x in i.items} | {q.id for q in i.open_questions}  # noqa: E731
    assert ids(V1) & ids(V2) == set()


def test_reverse_statements_are_kept_and_scored_so_that_higher_is_better():
    reversed_items = [item for item in V2.items if item.reverse]
    assert 0.2 <= len(reversed_items) / len(V2.items) <= 0.35
    assert [reversed_items[0].scored(a) for a in (1, 2, 3, 4, 5)] == [5, 4, 3, 2, 1]


@pytest.mark.parametrize("party", PARTIES)
def test_the_intro_calls_the_scan_a_tool_for_the_conversation_not_a_test(party):
    assert "hulpmiddel voor het gesprek" in V2.intro_for(party, "nl")
    assert "tool for the conversation" in V2.intro_for(party, "en")
    assert "outil pour la conversation" in V2.intro_for(party, "fr")
    for lang in LANGUAGES:
        assert V2.intro_for(party, lang).index("test") < 200, lang  # said up front


def test_a_new_goal_picks_its_statements_from_the_cases_own_version_while_an_old_goal_stays_valid():
    from reset_core import goals

    assert goals.theme_items("autonomy", 2) == tuple(item.id for item in V2.items_for("autonomy"))
    assert set(goals.theme_items("autonomy")) == {item.id for v in (V1, V2) for item in v.items_for("autonomy")}
    assert goals.item_text("autonomy_1", "employee", "nl") == V1.items_for("autonomy")[0].text("employee", "nl")
