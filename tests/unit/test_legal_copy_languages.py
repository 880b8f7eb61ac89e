"""The legal copy of the plan in each language the region rule can ask for: Dutch,
French and German (de-BE, the German-speaking area). The PDF is read back: its title,
the Codex's headings, the 14-day clause, the signature lines, the legal references and
the sentence that says which language is the legal one."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date, datetime
from itertools import product

import pytest
from pypdf import PdfReader

from reset_core import consent_texts, legal_track
from reset_core.documents.plan import build
from reset_core.i18n import DOCUMENT_LANGUAGES, LANGUAGES, MissingText, catalogue, translate
from reset_core.model import (
    PROCESSING,
    AdjustmentArea,
    AgreementContent,
    AgreementStatus,
    AgreementVersion,
    AnswerRoute,
    Assessment,
    AssessmentOutcome,
    CraftingAim,
    Goal,
    GoalOwner,
    LegalTrack,
    MomentKind,
    Party,
    PartyRole,
    Person,
    PersonRole,
    PlanAdjustment,
    PlanParties,
    Refusal,
    Region,
    SchedulePeriod,
    Signature,
    Signer,
    Track,
)

WHEN = datetime(2026, 11, 20, 14, 30)


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())


def plan(version: AgreementVersion, lang: str, legal: LegalTrack | None, **more) -> bytes:
    """The plan's PDF on a track: an offered version carries the track frozen into it, a draft reads it live."""
    return build(7, replace(version, legal=legal), lang, track=legal, **more)


def a_version(status=AgreementStatus.OFFERED, outcome=AssessmentOutcome.A, number=1, **more) -> AgreementVersion:
    """A plan with something in every part the document can show."""
    content = AgreementContent(
        contract_hours=38.0, valid_from=date(2026, 12, 7), valid_until=date(2027, 9, 7),
        adjustments=tuple(
            PlanAdjustment(area, aim, f"{area.value} {aim.value}") for area, aim in product(AdjustmentArea, CraftingAim)
        ),
        schedule=(SchedulePeriod(date(2026, 12, 7), date(2027, 1, 3), 19.0, 50.0, 3.0, "Eigen dossiers"),),
        buddy="Sofie", coaching="Twee sessies", training="Cursus planning", colleagues_message="Marc komt terug",
        colleagues_told_by="Katrien", contact="Elke maandag", follow_ups=(date(2027, 3, 7), date(2027, 6, 7)),
    )
    parties = PlanParties(
        Party(PartyRole.EMPLOYEE, "Marc Verbeke", "Accountmanager", "Verkoop"),
        Party(PartyRole.MANAGER, "Katrien De Smet", "Salesmanager", "Verkoop"),
        "Lies Janssens", Assessment(outcome, date(2026, 10, 1), "Aangepast werk") if outcome else None,
    )
    goals = tuple(
        Goal(n, 1, "task_fit", owner, "Doel", "Indicator", kind, WHEN)
        for n, (owner, kind) in enumerate(zip(GoalOwner, MomentKind, strict=False), start=1)
    )
    signatures = tuple(
        Signature(signer, "Naam", WHEN, "lies", route, date(2026, 11, 19) if route is AnswerRoute.PAPER else None)
        for signer, route in zip(Signer, (AnswerRoute.LINK, AnswerRoute.PAPER, AnswerRoute.OWN), strict=True)
    )
    values = dict(
        id=1, case_id=7, number=number, reason="Uren aangepast" if number > 1 else "", status=status, content=content,
        revision=1, parties=parties, goals=goals, offered_on=date(2026, 11, 20),
        answer_by=date(2026, 12, 5) if status is not AgreementStatus.DRAFT else None, signatures=signatures,
        refused_at=None, refusal_reasons="", created_by="lies", created_at=WHEN, updated_at=WHEN,
        employee_view="Ik wil eerst mijn eigen dossiers.", employee_view_at=WHEN,
    )
    values.update(more)
    return AgreementVersion(**values)


def track(region: Region, kind: Track = Track.FORMAL, **more) -> LegalTrack:
    return LegalTrack(7, kind, region, **more)


LEGAL_COPY = {
    # region, language, title, a clause, the 14 days, the Codex's headings, signatures, the legal reference
    "nl": (Region.FLANDERS, [
        "Re-integratieplan - versie 1", "14 kalenderdagen", "Aangepast werk (inhoud, volume, uren, progressieve opbouw)",
        "Ander werk (inhoud, volume, uren, opbouw)", "Voor akkoord, de werknemer: Marc Verbeke",
        "Codex welzijn op het werk, boek I, titel 4, hoofdstuk VI",
        "Dit is de juridische versie van dit plan, in het Nederlands.",
    ]),
    "fr": (Region.WALLONIA, [
        "Plan de réintégration - version 1", "14 jours calendrier", "Travail adapté", "Autre travail",
        "Pour accord, le travailleur : Marc Verbeke", "Code du bien-être au travail, livre I, titre 4, chapitre VI",
        "Ceci est l'exemplaire légal de ce plan, rédigé en français.",
    ]),
    "de": (Region.GERMAN, [
        "Wiedereingliederungsplan - Fassung 1", "14 Kalendertagen", "Angepasste Arbeit (Inhalt, Umfang, Arbeitszeit, progressiver Aufbau)",
        "Andere Arbeit (Inhalt, Umfang, Arbeitszeit, Aufbau)", "Einverstanden, der Arbeitnehmer: Marc Verbeke",
        "Kodex über das Wohlbefinden bei der Arbeit, Buch I, Titel 4, Kapitel VI",
        "Dies ist die rechtsgültige Fassung dieses Plans, auf Deutsch verfasst.",
        "Für den Arbeitgeber, der bevollmächtigte Vertreter: Katrien De Smet, Salesmanager",
        "Gefahrenverhütungsberater-Arbeitsarzt",
    ]),
}


@pytest.mark.parametrize("lang", ["nl", "fr", "de"])
def test_the_legal_copy_reads_back_its_title_clauses_signatures_and_language(lang):
    region, expected = LEGAL_COPY[lang]
    text = pdf_text(plan(a_version(), lang, track(region)))
    assert [phrase for phrase in expected if phrase not in text] == []
    assert "vertaling" not in text and "traduction" not in text and "Übersetzung" not in text


def test_the_region_rule_asks_german_in_the_german_speaking_area_whatever_the_employee_speaks():
    assert {legal_track.legal_language(Region.GERMAN, lang) for lang in (None, *LANGUAGES)} == {"de"}


@pytest.mark.parametrize(("lang", "sentence"), [
    ("fr", "Ceci est une traduction. L'exemplaire légal de ce plan est rédigé en allemand."),
    ("nl", "Dit is een vertaling. De juridische versie van dit plan is in het Duits."),
    ("en", "This is a translation. The legal copy of this plan is in German."),
])
def test_a_translation_of_a_german_legal_copy_says_it_is_one(lang, sentence):
    text = pdf_text(plan(a_version(), lang, track(Region.GERMAN)))
    assert sentence in text


def test_a_german_copy_of_a_flemish_plan_says_it_is_a_translation():
    text = pdf_text(plan(a_version(), "de", track(Region.FLANDERS)))
    assert "Dies ist eine Übersetzung. Die rechtsgültige Fassung dieses Plans ist auf Niederländisch verfasst." in text


@pytest.mark.parametrize("status", list(AgreementStatus))
@pytest.mark.parametrize("outcome", [AssessmentOutcome.A, None])
def test_every_german_plan_is_wholly_german_in_every_state_and_on_every_track(status, outcome):
    refused = dict(
        refused_at=WHEN, refusal_reasons="Te snel", refusal=Refusal("Marc Verbeke", AnswerRoute.PAPER, "lies", date(2026, 11, 19)),
    ) if status is AgreementStatus.REFUSED else {}
    version = a_version(status, outcome, number=2, **refused)
    for legal in (track(Region.GERMAN), None):
        text = pdf_text(plan(version, "de", legal, changes=["Stunden: 19 → 23"]))  # MissingText if any text lacks
        assert "Fassung 2" in text
        dutch = [w for w in ("versie", "werknemer", "Handtekening", "Opvolging", "Aanpassingen", "Doelen") if w in text]
        assert dutch == []


def test_the_german_return_agreement_outside_the_codex_claims_neither_the_plan_nor_the_14_days():
    text = pdf_text(plan(a_version(outcome=AssessmentOutcome.C), "de", track(Region.GERMAN)))
    assert "Vereinbarung über die Wiederaufnahme der Arbeit - Fassung 1" in text
    assert "kein Wiedereingliederungsplan im Sinne des Kodex" in text
    assert "14 Kalendertage" not in text and "Wiedereingliederungsplan - Fassung" not in text


def test_a_german_text_the_document_lacks_is_an_error_never_the_dutch_one():
    with pytest.raises(MissingText):
        translate("app.title", "de")  # the interface's texts have no German
    assert "de" in DOCUMENT_LANGUAGES and "de" not in LANGUAGES


def test_the_german_catalogue_holds_only_keys_the_interface_catalogues_know_with_the_same_placeholders():
    german, dutch = catalogue("de"), catalogue("nl")
    themes = {k for k in german if k.startswith("theme_name.")}  # the card set names them in the other languages
    assert sorted(set(german) - set(dutch) - themes) == []
    from string import Formatter

    def slots(text: str) -> set[str]:
        return {name for _, name, _, _ in Formatter().parse(text) if name}

    assert [k for k in set(german) - themes if slots(german[k]) != slots(dutch[k])] == []


def test_the_german_consent_texts_exist_and_name_the_person_they_are_about():
    processing = consent_texts.text(PROCESSING, 1, "de")
    assert processing.startswith("Ich erlaube") and "jederzeit widerrufen" in processing
    person = Person(3, PersonRole.OCCUPATIONAL_PHYSICIAN, "Dr. Anne Weber")
    about = consent_texts.text("person:3", 1, "de", person)
    assert "Dr. Anne Weber" in about and "Gefahrenverhütungsberater-Arbeitsarzt" in about


def test_a_later_german_version_lists_what_changed_in_german():

    from reset_core.agreement_rules import changes

    old = a_version()
    new = replace(
        old, number=2, parties=replace(old.parties, manager=Party(PartyRole.MANAGER, "Ann Peeters")),
        content=replace(old.content, contract_hours=30.0, adjustments=old.content.adjustments[:1], schedule=(), buddy="", chart_moment_id=4),
        goals=old.goals[:1],
    )
    said = changes(old, new, "de")
    assert "Führungskraft: Katrien De Smet → Ann Peeters" in said
    assert "Vergleich der Befragung hinzugefügt" in said
    assert "Ziel gestrichen: Aufgabeninhalt und Talente: Doel" in said
    assert any(line.startswith("Zeitraum 1 gestrichen:") and "Std./Woche" in line for line in said)


def test_the_german_plans_follow_up_dates_come_as_a_german_calendar_file():
    from reset_core.documents.plan import follow_up_calendar

    ics = follow_up_calendar(7, a_version(), "de", WHEN).decode()
    assert "Folgegespräch 1 (Akte Nr. 7)" in ics.replace("\r\n ", "")


def glossary(lang: str) -> dict[str, str]:
    import yaml

    from reset_core.i18n import MESSAGES_DIR

    return yaml.safe_load((MESSAGES_DIR.parent / "glossary" / f"{lang}.yaml").read_text(encoding="utf-8"))["terms"]


def said(term: str, text: str) -> bool:
    """`term` in `text`, German endings allowed (der beratende Arzt, dem beratenden Arzt)."""
    import re

    words = [re.escape(w[:-2]) + r"\w{0,3}" if len(w) > 6 else re.escape(w) for w in term.split()]
    return re.search(r"\b" + r"\s+".join(words), text, re.IGNORECASE) is not None


def test_the_german_documents_say_each_fixed_term_where_the_dutch_ones_do():
    german, dutch = catalogue("de"), catalogue("nl")
    assert set(glossary("de")) == set(glossary("nl"))
    missing = sorted(
        (key, concept) for key in german if key in dutch for concept, nl_term in glossary("nl").items()
        if said(nl_term, dutch[key]) and not said(glossary("de")[concept], german[key])
    )
    assert missing == []
