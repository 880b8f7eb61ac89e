"""The ReSet scan instruments (content/scan/v1.yaml, v2.yaml) and their loader: the
shipped content is checked for every version; the loader's checks work on copies of v1."""

from __future__ import annotations

import copy
import re
from dataclasses import FrozenInstanceError
from pathlib import Path

import pytest
import yaml

from reset_core.instrument import (
    DEFAULT_CONTENT_DIR,
    LANGUAGES,
    PARTIES,
    available_versions,
    load_instrument,
    validate_instrument,
)

# The twelve ReSet themes, in the order the scan presents them.
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

SCAN_FILE = DEFAULT_CONTENT_DIR / "scan" / "v1.yaml"


@pytest.fixture(scope="module", params=[1, 2], ids=["v1", "v2"])
def instrument(request):
    return load_instrument(request.param)


def _raw_scan() -> dict:
    return yaml.safe_load(SCAN_FILE.read_text(encoding="utf-8"))


def _write_copy(data: dict, content_dir: Path) -> Path:
    (content_dir / "scan").mkdir(parents=True, exist_ok=True)
    path = content_dir / "scan" / "v1.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return content_dir


# --- the shipped content ---------------------------------------------------


def test_shipped_scan_has_no_validation_problems(instrument):
    assert validate_instrument(instrument, set(THEME_IDS)) == []


def test_every_scan_item_has_both_wordings_in_both_languages(instrument):
    missing = [
        (item.id, party, lang)
        for item in instrument.items
        for party in PARTIES
        for lang in LANGUAGES
        if not item.text(party, lang).strip()
    ]
    assert instrument.items, "the scan has no items"
    assert missing == []


def test_every_theme_has_three_to_six_items(instrument):
    counts = {theme: len(instrument.items_for(theme)) for theme in THEME_IDS}
    assert {theme: n for theme, n in counts.items() if not 3 <= n <= 6} == {}
    assert 44 <= len(instrument.items) <= 52  # "about 48"


def test_themes_are_the_twelve_reset_themes_in_order(instrument):
    assert instrument.themes() == THEME_IDS


def test_about_a_quarter_of_items_are_reverse_scored(instrument):
    reversed_items = [item for item in instrument.items if item.reverse]
    share = len(reversed_items) / len(instrument.items)
    assert 0.15 <= share <= 0.40, f"{len(reversed_items)} of {len(instrument.items)} reverse-scored"


def test_most_hindering_demand_items_are_reverse_scored(instrument):
    items = instrument.items_for("hindering_demands")
    assert sum(item.reverse for item in items) > len(items) / 2


def test_reverse_items_are_scored_so_that_higher_is_better(instrument):
    reversed_item = next(item for item in instrument.items if item.reverse)
    plain_item = next(item for item in instrument.items if not item.reverse)
    assert [reversed_item.scored(a) for a in (1, 2, 3, 4, 5)] == [5, 4, 3, 2, 1]
    assert [plain_item.scored(a) for a in (1, 2, 3, 4, 5)] == [1, 2, 3, 4, 5]
    with pytest.raises(ValueError):
        plain_item.scored(0)


def test_scale_has_five_agreement_points_and_not_applicable_in_both_languages(instrument):
    assert [point.value for point in instrument.scale] == [1, 2, 3, 4, 5]
    assert instrument.scale[0].label == {"nl": "helemaal niet akkoord", "en": "strongly disagree", "fr": "pas du tout d'accord"}
    assert instrument.scale[-1].label == {"nl": "helemaal akkoord", "en": "strongly agree", "fr": "tout à fait d'accord"}
    assert instrument.not_applicable == {"nl": "niet van toepassing", "en": "not applicable", "fr": "ne s'applique pas"}


def test_scale_labels_stay_short_in_every_language(instrument):
    labels = [(lang, p.label[lang]) for p in instrument.scale for lang in LANGUAGES]
    labels += [(lang, instrument.not_applicable[lang]) for lang in LANGUAGES]
    assert [(lang, label) for lang, label in labels if len(label) > 32] == []


def test_employee_wordings_speak_in_the_first_person(instrument):
    first_person = {
        "nl": re.compile(r"\b(ik|me|mij|mijn|mezelf)\b", re.IGNORECASE),
        "en": re.compile(r"\b(I|[Mm]e|[Mm]y|[Mm]yself)\b"),
        "fr": re.compile(r"\b(je|j|me|m|moi|mon|ma|mes)\b", re.IGNORECASE),
    }
    not_first_person = [
        (item.id, lang)
        for item in instrument.items
        for lang in LANGUAGES
        if not first_person[lang].search(item.text("employee", lang))
    ]
    assert not_first_person == []


def test_manager_wordings_are_about_the_employee(instrument):
    # French has no gender-free word for "employee": the manager reads "la personne qui revient"
    about_employee = {"nl": "medewerker", "en": "employee", "fr": "la personne qui revient"}
    not_mirrored = [
        (item.id, lang)
        for item in instrument.items
        for lang in LANGUAGES
        if about_employee[lang] not in item.text("manager", lang).lower()
    ]
    assert not_mirrored == []


def test_items_use_no_medical_or_diagnostic_words(instrument):
    forbidden = re.compile(
        r"burn-?out|diagnos|depress|symptom|stoornis|disorder|ziek|illness|sick|"
        r"therap|medic|patiënt|patient|klacht|herval|relapse|"
        r"thérap|médic|médecin|maladie|symptôm|rechute",
        re.IGNORECASE,
    )
    flagged = [
        (item.id, party, lang)
        for item in instrument.items
        for party in PARTIES
        for lang in LANGUAGES
        if forbidden.search(item.text(party, lang))
    ]
    assert flagged == []


def test_intros_say_it_is_no_test_and_never_a_diagnosis(instrument):
    for party in PARTIES:
        nl, en = instrument.intro_for(party, "nl"), instrument.intro_for(party, "en")
        assert "geen wetenschappelijke test" in nl and "nooit een diagnose" in nl
        assert "not a scientific test" in en and "never a diagnosis" in en
        fr = instrument.intro_for(party, "fr")
        assert "pas un test scientifique" in fr and "jamais un diagnostic" in fr


# Plain language (B1) as far as a test can see it: short sentences. The scan is read by
# people back from burn-out, whose concentration is often still low.
B1_WORDS_PER_SENTENCE = 20


def long_sentences(text: str) -> list[str]:
    sentences = re.split(r"(?<=[.!?])\s+", " ".join(text.split()))
    return [s for s in sentences if len(re.findall(r"\w+(?:['’]\w+)*", s)) > B1_WORDS_PER_SENTENCE]


def test_the_intros_speak_in_short_sentences_and_leave_the_time_to_the_link_page(instrument):
    for party in PARTIES:
        for lang in LANGUAGES:
            intro = instrument.intro_for(party, lang)
            assert long_sentences(intro) == [], (party, lang)
            # The page says how long it takes, computed from the statements (scan.minutes_needed).
            assert not re.search(r"\d+ (minuten|minutes)", intro), (party, lang)


def test_the_manager_intro_in_french_says_who_the_person_who_returns_is(instrument):
    assert "« la personne qui revient »" in instrument.intro_for("manager", "fr").replace("\u00a0", " ")


def test_french_items_make_no_gender_choice_with_slashes_dots_or_brackets(instrument):
    # "collaborateur/trice", "collaborateur·rice", "prêt(e)": the wording itself must need none
    marked = re.compile(r"\w[/·•]\w|\w\.\w|\(e\)|\(s\)|\w-e\b")
    flagged = [
        (item.id, party, item.text(party, "fr"))
        for item in instrument.items
        for party in PARTIES
        if marked.search(item.text(party, "fr"))
    ]
    assert flagged == []

def test_each_party_has_three_or_four_open_questions_with_unique_ids(instrument):
    for party in PARTIES:
        assert 3 <= len(instrument.questions_for(party)) <= 4
    ids = [q.id for q in instrument.open_questions]
    assert len(ids) == len(set(ids))


def test_continuum_levels_run_from_crisis_to_excelling(instrument):
    assert [level.id for level in instrument.continuum] == [
        "in_crisis",
        "struggling",
        "surviving",
        "thriving",
        "excelling",
    ]
    for level in instrument.continuum:
        for lang in LANGUAGES:
            assert level.label[lang].strip() and level.description[lang].strip()
    assert instrument.continuum_question["nl"] == "Waar plaats je jezelf vandaag?"
    assert "geen score" in instrument.continuum_note["nl"]
    assert "not a score" in instrument.continuum_note["en"]
    assert "ni un score" in instrument.continuum_note["fr"]


# --- the loader -----------------------------------------------------------------


def test_loaded_instrument_cannot_be_changed_by_a_caller(instrument):
    item = instrument.items[0]
    with pytest.raises(FrozenInstanceError):
        item.reverse = not item.reverse  # type: ignore[misc]
    with pytest.raises(TypeError):
        item.wording["nl"]["employee"] = "changed"  # type: ignore[index]


def test_loading_twice_returns_the_cached_instrument():
    assert load_instrument(1) is load_instrument(1)


def test_available_versions_include_version_one():
    assert 1 in available_versions()


def test_available_versions_lists_the_files_in_a_content_folder(tmp_path):
    (tmp_path / "scan").mkdir()
    for name in ("v1.yaml", "v3.yaml", "v2.yaml", "notes.yaml", "v2.yaml.bak"):
        (tmp_path / "scan" / name).write_text("version: 0\n", encoding="utf-8")
    assert available_versions(tmp_path) == [1, 2, 3]
    assert available_versions(tmp_path / "elsewhere") == []


def test_validation_reports_an_item_without_manager_wording(tmp_path):
    data = _raw_scan()
    broken = copy.deepcopy(data)
    item = broken["items"][0]
    del item["nl"]["manager"]
    content_dir = _write_copy(broken, tmp_path)

    problems = validate_instrument(load_instrument(1, content_dir), set(THEME_IDS))

    assert any(item["id"] in p and "manager" in p and "nl" in p for p in problems), problems
    assert len(problems) == 1, problems


def test_validation_reports_an_item_without_its_french_manager_wording(tmp_path):
    broken = _raw_scan()
    del broken["items"][5]["fr"]["manager"]
    content_dir = _write_copy(broken, tmp_path)

    problems = validate_instrument(load_instrument(1, content_dir), set(THEME_IDS))

    assert problems == [f"item {broken['items'][5]['id']}: no manager wording in fr"]


def test_validation_reports_a_missing_french_intro_scale_label_and_question(tmp_path):
    broken = _raw_scan()
    del broken["intro"]["fr"]
    del broken["scale"]["points"][2]["fr"]
    del broken["open_questions"][0]["fr"]
    content_dir = _write_copy(broken, tmp_path)

    problems = validate_instrument(load_instrument(1, content_dir), set(THEME_IDS))

    assert "intro for the employee: no fr text" in problems
    assert "scale point 3: no fr text" in problems
    assert f"open question {broken['open_questions'][0]['id']}: no fr text" in problems


def test_validation_reports_a_theme_without_items_and_an_unknown_theme(tmp_path):
    broken = _raw_scan()
    for item in broken["items"]:
        if item["theme"] == "autonomy":
            item["theme"] = "autonomie"
    content_dir = _write_copy(broken, tmp_path)

    problems = validate_instrument(load_instrument(1, content_dir), set(THEME_IDS))

    assert "theme autonomy: has no items" in problems
    assert any("'autonomie' is not a known theme" in p for p in problems)


def test_validation_reports_too_few_items_duplicate_ids_and_a_shuffled_continuum(tmp_path):
    broken = _raw_scan()
    broken["items"] = [
        item for item in broken["items"] if item["id"] not in ("value_fit_3", "value_fit_4")
    ]
    broken["items"][1]["id"] = broken["items"][0]["id"]
    levels = broken["continuum"]["levels"]
    levels[0], levels[1] = levels[1], levels[0]
    del broken["scale"]["not_applicable"]["en"]
    content_dir = _write_copy(broken, tmp_path)

    problems = validate_instrument(load_instrument(1, content_dir), set(THEME_IDS))

    assert "theme value_fit: has 2 items, expected 3 to 6" in problems
    assert any("manager_relationship_1' is used more than once" in p for p in problems)
    assert any(p.startswith("continuum: expected the levels") for p in problems)
    assert "scale 'not applicable': no en text" in problems


def test_themes_yaml_lists_the_same_themes_as_the_scan_in_the_same_order(instrument):
    data = yaml.safe_load((DEFAULT_CONTENT_DIR / "themes.yaml").read_text(encoding="utf-8"))
    assert tuple(theme["id"] for theme in data["themes"]) == instrument.themes()
