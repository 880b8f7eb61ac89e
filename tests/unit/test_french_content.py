"""The French of the content files (cards, themes, scan, consents): Belgian French, in
Belgian terms, typeset so that a question mark never ends up alone on a line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

CONTENT = Path(__file__).resolve().parents[2] / "content"
FILES = ["cards.yaml", "themes.yaml", "consents.yaml"] + sorted(
    str(p.relative_to(CONTENT)) for p in (CONTENT / "scan").glob("v*.yaml")
)

# Terms of France's social security and occupational health that mean something else, or
# nothing, in Belgium (where it is the médecin-conseil de la mutualité, the reprise
# progressive du travail, the conseiller en prévention-médecin du travail).
FRANCE_ONLY = re.compile(
    r"arr[êe]ts? (de )?maladie|arr[êe]ts? de travail|mi-temps th[ée]rapeutique|\bCPAM\b"
    r"|m[ée]decine du travail|s[ée]curit[ée] sociale|\bsalari[ée]",
    re.IGNORECASE,
)


def french_texts(node, where: str = ""):
    """(where, text) for every string under an `fr` key."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "fr":
                yield from all_strings(value, f"{where}.fr")
            else:
                yield from french_texts(value, f"{where}.{key}")
    elif isinstance(node, list):
        for n, value in enumerate(node):
            yield from french_texts(value, f"{where}[{n}]")


def all_strings(node, where: str):
    if isinstance(node, str):
        yield where, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from all_strings(value, f"{where}.{key}")
    elif isinstance(node, list):
        for n, value in enumerate(node):
            yield from all_strings(value, f"{where}[{n}]")


@pytest.fixture(scope="module", params=FILES)
def texts(request) -> list[tuple[str, str]]:
    doc = yaml.safe_load((CONTENT / request.param).read_text(encoding="utf-8"))
    found = list(french_texts(doc, request.param))
    assert found, f"{request.param} has no French"
    return found


def test_no_french_text_uses_terms_that_only_exist_in_france(texts):
    assert [(where, FRANCE_ONLY.search(text).group()) for where, text in texts if FRANCE_ONLY.search(text)] == []


def test_the_france_only_check_would_catch_the_usual_slips():
    for slip in ("pendant votre arrêt maladie", "un mi-temps thérapeutique", "la CPAM", "la médecine du travail"):
        assert FRANCE_ONLY.search(slip), slip
    for belgian in ("le conseiller en prévention-médecin du travail", "le médecin-conseil de la mutualité"):
        assert not FRANCE_ONLY.search(belgian), belgian


def test_french_punctuation_is_held_to_its_word_by_a_no_break_space(texts):
    # "Comment ... ?" with an ordinary space lets the "?" wrap onto a line of its own
    loose = [(where, text) for where, text in texts if re.search(r" [?!:;»]|« ", text)]
    assert loose == []


def test_french_content_makes_no_gender_choice_with_slashes_or_dots(texts):
    marked = re.compile(r"[a-zà-ÿ][/·•][a-zà-ÿ]|\((e|s|e?s)\)", re.IGNORECASE)
    assert [(where, text) for where, text in texts if marked.search(text)] == []


def test_french_content_speaks_as_vous_never_as_tu(texts):
    tu = re.compile(r"\b(tu|toi|tes|ta|t'as)\b", re.IGNORECASE)  # not "ton": "le ton des échanges"
    assert [(where, text) for where, text in texts if tu.search(text)] == []


def test_the_cards_name_the_belgian_bodies_and_schemes():
    doc = yaml.safe_load((CONTENT / "cards.yaml").read_text(encoding="utf-8"))
    french = " ".join(text for _where, text in french_texts(doc)).replace("\u00a0", " ")
    for term in ("médecin-conseil de la mutualité", "reprise progressive du travail", "plan de réintégration",
                 "conseiller en prévention-médecin du travail", "CPPT"):
        assert term in french, term
