"""The case's legal track on a real database: recorded with all its problems at once,
its deadlines on the facilitator's home list next to the follow-ups, and as .ics."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date

import pytest
from icalendar import Calendar
from pypdf import PdfReader

from reset_core import agreement, followup, intake, legal_track
from reset_core.documents.plan import document
from reset_core.errors import PermissionDenied, ValidationError, ValidationErrors
from reset_core.model import (
    PROCESSING,
    AdjustmentArea,
    AgreementStatus,
    Assessment,
    AssessmentOutcome,
    CraftingAim,
    PersonRole,
    PlanAdjustment,
    Region,
    Track,
    TrajectoryStart,
)
from tests.conftest import open_case


def a_case(store, facilitator, outcome="A", on=date(2026, 9, 1), started_by=TrajectoryStart.EMPLOYEE):
    case_id = open_case(
        store, facilitator, sick_leave_start=date(2026, 3, 2), started_by=started_by,
        assessment=Assessment(AssessmentOutcome(outcome), on, "Aangepast werk") if outcome else None,
    )
    intake.record_consent(store, facilitator, case_id, PROCESSING, True, date(2026, 3, 20))
    return case_id


def test_a_formal_track_without_region_starter_or_appeal_end_gets_every_message_at_once(store, facilitator):
    case_id = a_case(store, facilitator, "B", started_by=None)
    with pytest.raises(ValidationErrors) as problems:
        legal_track.save(store, facilitator, case_id, "formal", signatory_name="x" * 101)
    fields = {e.field: e.key for e in problems.value.errors}
    assert fields == {
        "track": "legal.started_by_missing", "region": "legal.region_required",
        "appeal_end": "legal.appeal_end_required", "signatory_name": "legal.too_long",
    }
    assert legal_track.load(store, facilitator, case_id).track is None  # nothing half-saved


def test_a_recorded_track_is_read_back_and_saved_again_without_a_second_row(store, facilitator):
    case_id = a_case(store, facilitator, "B")
    for _ in range(2):  # a double click saves the same values twice
        legal_track.save(store, facilitator, case_id, "formal", "brussels", date(2026, 9, 20), "Ann Peeters", "HR-directeur")
    legal = legal_track.load(store, facilitator, case_id)
    assert (legal.track.track, legal.track.region, legal.track.appeal_end) == (Track.FORMAL, Region.BRUSSELS, date(2026, 9, 20))
    assert legal.track.signatory_name == "Ann Peeters" and legal.track.version == 2
    assert [(d.kind, d.due_on) for d in legal.deadlines] == [("plan_due_b", date(2027, 3, 20))]


def test_another_facilitator_cannot_record_the_track(store, facilitator, other_facilitator):
    case_id = a_case(store, facilitator)
    with pytest.raises(PermissionDenied):
        legal_track.save(store, other_facilitator, case_id, "voluntary")


def test_the_plan_due_after_decision_a_appears_on_the_home_list_like_a_follow_up(store, facilitator):
    case_id = a_case(store, facilitator, "A", on=date(2026, 9, 1))
    assert not [i for i in followup.due_items(store, facilitator, today=date(2026, 10, 25)) if i.what == "legal"]
    legal_track.save(store, facilitator, case_id, "formal", "flanders")
    items = [i for i in followup.due_items(store, facilitator, today=date(2026, 10, 25)) if i.what == "legal"]
    assert [(i.case_id, i.kind, i.due_on, i.days_late) for i in items] == [(case_id, "plan_due_a", date(2026, 11, 3), -9)]


def test_under_c_the_reassessment_date_is_listed_and_no_plan_is_due(store, facilitator):
    case_id = a_case(store, facilitator, "C", on=date(2026, 8, 31))
    legal_track.save(store, facilitator, case_id, "formal", "wallonia")
    items = [i for i in followup.due_items(store, facilitator, today=date(2026, 11, 28)) if i.what == "legal"]
    assert [(i.kind, i.due_on) for i in items] == [("reassessment", date(2026, 11, 30))]


def test_a_voluntary_return_has_no_legal_deadlines(store, facilitator):
    case_id = a_case(store, facilitator, "A")
    legal_track.save(store, facilitator, case_id, "voluntary")
    assert legal_track.load(store, facilitator, case_id).deadlines == ()


def test_the_legal_deadlines_come_as_a_calendar_file_without_names(store, facilitator):
    case_id = a_case(store, facilitator, "A", on=date(2026, 9, 1))
    legal_track.save(store, facilitator, case_id, "formal", "flanders")
    events = Calendar.from_ical(legal_track.calendar_file(store, facilitator, case_id, "nl")).walk("VEVENT")
    assert [e.decoded("dtstart") for e in events] == [date(2026, 11, 3)]
    assert "Verbeke" not in str(events[0].get("summary"))


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())


def plan_document(store, facilitator, case_id, lang="nl"):
    agreement.start(store, facilitator, case_id)
    return pdf_text(document(store, facilitator, case_id, 1, lang))


@pytest.mark.parametrize(
    ("outcome", "track"), [("C", "formal"), (None, "formal"), ("A", "voluntary"), ("A", None)],
    ids=["decision C", "no assessment", "voluntary return", "no track recorded"],
)
def test_outside_decision_a_or_b_the_document_is_a_return_agreement_without_the_14_days(store, facilitator, outcome, track):
    case_id = a_case(store, facilitator, outcome)
    if track:
        legal_track.save(store, facilitator, case_id, track, "flanders")
    text = plan_document(store, facilitator, case_id)
    assert "Afsprakennota werkhervatting - versie 1" in text
    assert "Re-integratieplan -" not in text and "re-integratieplan versie" not in text
    assert "14 kalenderdagen" not in text
    assert "geen re-integratieplan in de zin van de Codex" in text


@pytest.mark.parametrize(("lang", "title", "days"), [
    ("nl", "Re-integratieplan - versie 1", "14 kalenderdagen"), ("en", "Re-integration plan - version 1", "14 calendar days"),
])
def test_under_decision_a_the_document_is_the_codex_plan_with_the_14_days(store, facilitator, lang, title, days):
    case_id = a_case(store, facilitator, "A")
    legal_track.save(store, facilitator, case_id, "formal", "flanders")
    text = plan_document(store, facilitator, case_id, lang)
    assert title in text and days in text
    assert "Afsprakennota" not in text and "Return-to-work agreement" not in text


def test_the_english_return_agreement_says_it_is_not_the_codex_plan(store, facilitator):
    case_id = a_case(store, facilitator, "C")
    legal_track.save(store, facilitator, case_id, "formal", "wallonia")
    text = plan_document(store, facilitator, case_id, "en")
    assert "Return-to-work agreement - version 1" in text and "14 calendar days" not in text


def offer_lowering_only(store, facilitator, case_id):
    first = agreement.start(store, facilitator, case_id)
    content = replace(
        first.content, contract_hours=38.0, valid_from=date(2026, 12, 7), valid_until=date(2027, 9, 7),
        follow_ups=(date(2027, 3, 7),),
        adjustments=(PlanAdjustment(AdjustmentArea.WORKLOAD, CraftingAim.LOWER_HINDERING_DEMAND, "Geen piekdagen"),),
    )
    draft = agreement.save_draft(store, facilitator, case_id, 1, content, first.revision)
    return agreement.offer(store, facilitator, case_id, 1, date.today(), draft.revision)


def test_a_plan_that_only_lowers_demands_is_not_offered_without_a_recorded_reason(store, facilitator):
    case_id = a_case(store, facilitator, "A")
    legal_track.save(store, facilitator, case_id, "formal", "flanders")
    with pytest.raises(ValidationError) as refused:
        offer_lowering_only(store, facilitator, case_id)
    assert (refused.value.key, refused.value.field) == ("legal.growth_missing", "adjustments")
    assert agreement.load(store, facilitator, case_id).current.status is AgreementStatus.DRAFT
    legal_track.save(store, facilitator, case_id, "formal", "flanders", growth_reason="Eerst rust, op advies van de arbeidsarts")
    assert agreement.offer(store, facilitator, case_id, 1, date.today(), agreement.load(store, facilitator, case_id).current.revision).status is AgreementStatus.OFFERED


def test_the_employers_authorised_representative_signs_and_the_facilitator_only_as_a_witness(store, facilitator):
    case_id = a_case(store, facilitator, "A")
    text = plan_document(store, facilitator, case_id)
    assert "Voor de werkgever, de gemachtigde vertegenwoordiger: Katrien De Smet, Salesmanager" in text  # the manager by default
    legal_track.save(store, facilitator, case_id, "formal", "flanders", signatory_name="Ann Peeters", signatory_function="HR-directeur")
    text = pdf_text(document(store, facilitator, case_id, 1, "nl"))
    assert "Voor de werkgever, de gemachtigde vertegenwoordiger: Ann Peeters, HR-directeur" in text
    assert "Voor akkoord, de werknemer: Marc Verbeke" in text
    assert "als getuige en niet als partij" in text


def test_a_codex_plan_in_another_language_than_the_regions_says_it_is_a_translation(store, facilitator):
    case_id = a_case(store, facilitator, "A")
    legal_track.save(store, facilitator, case_id, "formal", "flanders")
    text = plan_document(store, facilitator, case_id, "en")
    assert "This is a translation. The legal copy of this plan is in Dutch." in text
    assert "vertaling" not in pdf_text(document(store, facilitator, case_id, 1, "nl"))


def test_a_codex_plan_lists_its_content_under_the_codex_headings_and_its_growth(store, facilitator):
    case_id = a_case(store, facilitator, "A")
    legal_track.save(store, facilitator, case_id, "formal", "flanders")
    first = agreement.start(store, facilitator, case_id)
    content = replace(first.content, adjustments=(
        PlanAdjustment(AdjustmentArea.WORKPLACE_TOOLS, CraftingAim.LOWER_HINDERING_DEMAND, "Een rustige werkplek"),
        PlanAdjustment(AdjustmentArea.OTHER_WORK, CraftingAim.RAISE_CHALLENGE, "Inwerken van nieuwe collega's"),
    ))
    agreement.save_draft(store, facilitator, case_id, 1, content, first.revision)
    text = pdf_text(document(store, facilitator, case_id, 1, "nl"))
    headings = ["Redelijke aanpassingen van de werkpost", "Een rustige werkplek", "Aangepast werk (inhoud, volume, uren, progressieve opbouw)",
                "Ander werk (inhoud, volume, uren, opbouw)", "Inwerken van nieuwe collega's", "Opleiding",
                "Groei: wat de terugkeer toevoegt"]
    places = [text.find(h) for h in headings]
    assert -1 not in places and places == sorted(places), list(zip(headings, places))
    growth = text[places[-1]:]
    assert "verhoogt de uitdaging: Inwerken van nieuwe collega's" in growth and "Een rustige werkplek" not in growth


def test_the_insurers_advising_physician_is_one_of_the_people_around_the_case(store, facilitator):
    case_id = a_case(store, facilitator, "A", started_by=TrajectoryStart.ADVISING_PHYSICIAN)
    intake.add_person(store, facilitator, case_id, PersonRole.ADVISING_PHYSICIAN, "dr. Tom Goossens")
    loaded = intake.load(store, facilitator, case_id)
    assert [p.person.role for p in loaded.people] == [PersonRole.ADVISING_PHYSICIAN]
    assert loaded.case.started_by is TrajectoryStart.ADVISING_PHYSICIAN
