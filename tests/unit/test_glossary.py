"""The fixed terms of each language (content/glossary/), and Belgian French that never
slips into France's words for the same things."""

import re
from pathlib import Path

import pytest
import yaml

from reset_core.i18n import LANGUAGES, catalogue

CONTENT = Path(__file__).resolve().parents[2] / "content"


def glossary(lang: str) -> dict:
    return yaml.safe_load((CONTENT / "glossary" / f"{lang}.yaml").read_text(encoding="utf-8"))


def terms(lang: str) -> dict[str, str]:
    return glossary(lang)["terms"]


def messages_text(lang: str) -> str:
    return "\n".join(catalogue(lang).values()).casefold()


def terms_missing(lang: str, dutch: str, other: str) -> list[tuple[str, str]]:
    """(concept, term) of `lang` whose Dutch term the Dutch texts use while `other` (the
    texts of `lang`) never says the fixed term."""
    return [
        (concept, terms(lang)[concept])
        for concept, nl_term in terms("nl").items()
        if nl_term.casefold() in dutch and terms(lang)[concept].casefold() not in other
    ]


def french_texts() -> list[tuple[str, str]]:
    """(where, text) of every French text: the messages, and the fr parts of the content files."""
    found = [(f"messages: {key}", text) for key, text in catalogue("fr").items()]

    def walk(node: object, where: str, french: bool) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, f"{where}.{key}", french or key == "fr")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{where}[{i}]", french)
        elif french and isinstance(node, str):
            found.append((where, node))

    for path in [*CONTENT.glob("*.yaml"), *CONTENT.glob("scan/*.yaml")]:
        walk(yaml.safe_load(path.read_text(encoding="utf-8")), path.relative_to(CONTENT).as_posix(), False)
    return found


def france_only(text: str) -> list[str]:
    return [term for term in glossary("fr")["avoid"] if re.search(rf"\b{re.escape(term)}\b", text, re.IGNORECASE)]


def test_every_language_has_a_glossary_of_the_same_concepts():
    concepts = {lang: set(terms(lang)) for lang in LANGUAGES}
    assert all(each == concepts["nl"] for each in concepts.values()), concepts
    assert {"occupational_physician", "advising_physician", "reintegration_plan", "trajectory", "decision_a",
            "decision_b", "decision_c", "adapted_work", "other_work", "progressive_return", "cppt",
            "confidential_counsellor", "return_to_work_coordinator", "facilitator", "employee", "manager"} <= concepts["nl"]
    assert [(lang, c) for lang in LANGUAGES for c, term in terms(lang).items() if not str(term).strip()] == []


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != "nl"])
def test_a_fixed_term_the_dutch_texts_use_comes_back_as_the_fixed_term_of_each_language(lang):
    assert terms_missing(lang, messages_text("nl"), messages_text(lang)) == []


def test_a_french_text_that_says_the_concept_in_other_words_is_caught():
    dutch = "de arbeidsarts beslist; de vertrouwenspersoon luistert"
    french = "le médecin du travail décide ; la personne de confiance écoute"
    assert terms_missing("fr", dutch, french) == [("occupational_physician", "conseiller en prévention-médecin du travail")]


def texts_of(lang: str) -> list[tuple[str, str]]:
    """(where, text) of every text in `lang`: the messages, and its parts of the content files."""
    found = [(f"messages: {key}", text) for key, text in catalogue(lang).items()]

    def walk(node: object, where: str, mine: bool) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, f"{where}.{key}", mine or key == lang)
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{where}[{i}]", mine)
        elif mine and isinstance(node, str):
            found.append((where, node))

    for path in [*CONTENT.glob("*.yaml"), *CONTENT.glob("scan/*.yaml")]:
        walk(yaml.safe_load(path.read_text(encoding="utf-8")), path.relative_to(CONTENT).as_posix(), False)
    return found


def avoided(lang: str, text: str) -> list[str]:
    return [term for term in glossary(lang).get("avoid", []) if re.search(rf"\b{re.escape(term)}\b", text, re.IGNORECASE)]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_text_uses_a_variant_the_glossary_of_its_language_avoids(lang):
    assert [(where, avoided(lang, text)) for where, text in texts_of(lang) if avoided(lang, text)] == []


def test_the_variants_that_slipped_in_before_are_caught():
    assert avoided("nl", "Dit scherm is bedoeld voor de grote scherm.") == ["de grote scherm"]
    assert avoided("nl", "Enkel hinderende taakeisen; verlaagt een belastende eis.") == ["belastende eis", "hinderende"]
    assert avoided("nl", "Vóór de terugkeer: belemmerende eisen op het grote scherm.") == []
    assert avoided("en", "What room do you see yourself to adapt the work? I dare to give a different opinion.") == [
        "dare to give", "see yourself to"]
    assert avoided("fr", "Un plan réduit les exigences pesantes.") == ["exigences pesantes"]


def test_no_french_text_uses_a_term_of_france():
    assert [(where, france_only(text)) for where, text in french_texts() if france_only(text)] == []


def test_france_s_terms_are_caught_and_belgium_s_pass():
    assert france_only("Pendant votre arrêt maladie, voyez la médecine du travail (CPAM).") == [
        "arrêt maladie", "CPAM", "médecine du travail"]
    assert france_only("un mi-temps thérapeutique") == ["mi-temps thérapeutique"]
    assert france_only(
        "Le conseiller en prévention-médecin du travail et le médecin-conseil de la mutualité ; "
        "reprise progressive du travail pendant l'incapacité de travail ; le CPPT."
    ) == []


def test_the_french_glossary_itself_keeps_to_belgian_terms():
    assert [(c, t) for c, t in terms("fr").items() if france_only(t)] == []
