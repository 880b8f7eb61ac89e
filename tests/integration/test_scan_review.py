"""The facilitator's bilateral scan review with each party, and the summary that party
takes home: their own answers and choices, never the other party's answers, never the
facilitator's private notes."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date, datetime, timedelta

import pytest
from pypdf import PdfReader

from reset_core import history, intake, privacy, scan, scan_review
from reset_core.access_request import ExportFor
from reset_core.documents import scan_review as summary_pdf
from reset_core.errors import PermissionDenied, Unavailable, ValidationError, ValidationErrors
from reset_core.instrument import load_instrument
from reset_core.model import PROCESSING, MomentKind, Respondent
from tests.conftest import Clock, open_case

INSTRUMENT = load_instrument(scan.CURRENT_VERSION)  # the version a new case answers
EMPLOYEE, MANAGER = Respondent.EMPLOYEE, Respondent.MANAGER
OPEN = {
    EMPLOYEE: ("v2_employee_concern", "Ik twijfel of ik de klantenronde alleen aankan"),
    MANAGER: ("v2_manager_own_support", "Ik kan elke vrijdag een halfuur vrijmaken voor overleg"),
}
REVIEW = {
    EMPLOYEE: dict(stood_out="Herstel en energie scoren het laagst", to_bring="Ik wil over de maandagochtenden praten",
                   themes=("recovery_energy",), private_note="Let op: spreekt nog niet graag over het conflict met Jan"),
    MANAGER: dict(stood_out="Autonomie schat ik hoger in dan verwacht", to_bring="Ik breng de nieuwe planning mee",
                  themes=("autonomy", "team_relations"), private_note="Leidinggevende lijkt gehaast, vraag naar werkdruk"),
}
# The answers differ on purpose: the employee said "helemaal niet akkoord" to everything,
# the manager "helemaal akkoord", so each label shows whose answers a page holds.
ANSWER = {EMPLOYEE: (1, "helemaal niet akkoord"), MANAGER: (5, "helemaal akkoord")}
OTHER = {EMPLOYEE: MANAGER, MANAGER: EMPLOYEE}


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 9, 1, 10, 0))


@pytest.fixture
def answered(store, facilitator, clock):
    """A case whose T0 both parties submitted, each with an open answer of their own."""
    case_id = open_case(store, facilitator, "Marc Verbeke", sick_leave_start=date(2026, 3, 2))
    intake.record_consent(store, facilitator, case_id, PROCESSING, True, date(2026, 3, 20))
    moment, tokens = scan.create_moment(store, facilitator, case_id, MomentKind.T0, date(2026, 8, 20), clock=clock)
    for party, token in tokens.items():
        scan.save_answers(store, token, {i.id: ANSWER[party][0] for i in INSTRUMENT.items}, clock)
        scan.save_open_answer(store, token, *OPEN[party], clock)
        scan.submit(store, token, clock)
    return case_id, moment.id


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())


def review_both(store, facilitator, case_id, moment_id, clock):
    for party in (EMPLOYEE, MANAGER):
        scan_review.record(store, facilitator, case_id, moment_id, party, date(2026, 8, 28), clock=clock, **REVIEW[party])


def own_wording(party: Respondent) -> set[str]:
    return {item.text(party.value, "nl") for item in INSTRUMENT.items}


@pytest.mark.parametrize("party", [EMPLOYEE, MANAGER], ids=["employee", "manager"])
def test_a_partys_summary_holds_their_own_answers_and_choices_and_nothing_of_the_other_party_or_the_private_notes(
    store, facilitator, answered, clock, party,
):
    case_id, moment_id = answered
    review_both(store, facilitator, case_id, moment_id, clock)
    text = pdf_text(summary_pdf.document(store, facilitator, case_id, moment_id, party, "nl", clock))
    other = OTHER[party]
    # Their own: what stood out, what they bring, their themes, their open answer, their answers.
    for own in (REVIEW[party]["stood_out"], REVIEW[party]["to_bring"], OPEN[party][1], ANSWER[party][1]):
        assert own in text
    first_statement = next(i for i in INSTRUMENT.items if i.text(party.value, "nl") not in own_wording(other))
    assert first_statement.text(party.value, "nl") in text
    # Never the other party's answers, open answer or choices; never a private note.
    for foreign in (REVIEW[other]["stood_out"], REVIEW[other]["to_bring"], OPEN[other][1], ANSWER[other][1],
                    REVIEW[EMPLOYEE]["private_note"], REVIEW[MANAGER]["private_note"]):
        assert foreign not in text
    assert [w for w in own_wording(other) - own_wording(party) if w in text] == []


def test_the_facilitator_reads_every_review_with_the_private_notes_on_their_own_screen(store, facilitator, answered, clock):
    case_id, moment_id = answered
    review_both(store, facilitator, case_id, moment_id, clock)
    kept = scan_review.reviews(store, facilitator, case_id, clock)
    assert kept[(moment_id, EMPLOYEE)].private_note == REVIEW[EMPLOYEE]["private_note"]
    assert kept[(moment_id, MANAGER)].themes == ("autonomy", "team_relations")


def test_a_review_saved_again_replaces_the_first(store, facilitator, answered, clock):
    case_id, moment_id = answered
    first = scan_review.record(store, facilitator, case_id, moment_id, EMPLOYEE, date(2026, 8, 28), "Eerst", "Niets", (), clock=clock)
    scan_review.record(
        store, facilitator, case_id, moment_id, EMPLOYEE, date(2026, 8, 29), "Later", "", ("autonomy",), clock=clock, base=first.recorded_at,
    )
    (only,) = scan_review.reviews(store, facilitator, case_id, clock).values()
    assert (only.held_on, only.stood_out, only.to_bring, only.themes) == (date(2026, 8, 29), "Later", "", ("autonomy",))


def test_a_screen_that_shows_an_older_review_cannot_overwrite_the_one_saved_since(store, facilitator, answered, clock):
    case_id, moment_id = answered
    first = scan_review.record(store, facilitator, case_id, moment_id, EMPLOYEE, date(2026, 8, 28), "Eerst", "Niets", (), clock=clock)
    clock.now += timedelta(minutes=5)  # another tab corrects it
    scan_review.record(store, facilitator, case_id, moment_id, EMPLOYEE, date(2026, 8, 28), "Uit het andere tabblad", "Niets", (), clock=clock, base=first.recorded_at)
    for stale_base in (first.recorded_at, None):  # the first screen, and a screen opened before any review
        with pytest.raises(ValidationError) as caught:
            scan_review.record(store, facilitator, case_id, moment_id, EMPLOYEE, date(2026, 8, 28), "Van dit scherm", "", (), clock=clock, base=stale_base)
        assert caught.value.key == "scan_review.changed_meanwhile"
    (only,) = scan_review.reviews(store, facilitator, case_id, clock).values()
    assert only.stood_out == "Uit het andere tabblad"


def test_a_review_with_every_problem_says_all_of_them_at_once_and_keeps_nothing(store, facilitator, answered, clock):
    case_id, moment_id = answered
    with pytest.raises(ValidationErrors) as caught:
        scan_review.record(
            store, facilitator, case_id, moment_id, EMPLOYEE, date(2026, 9, 2), "  ", "", ("no_such_theme",),
            "x" * (scan_review.MAX_TEXT + 1), clock=clock,
        )
    assert {(e.field, e.key) for e in caught.value.errors} == {
        ("held_on", "scan_review.held_on_future"), ("stood_out", "scan_review.stood_out_required"),
        ("private_note", "scan_review.too_long"), ("themes", "scan_review.unknown_theme"),
    }
    assert scan_review.reviews(store, facilitator, case_id, clock) == {}


def test_nothing_to_bring_must_be_said_rather_than_left_blank(store, facilitator, answered, clock):
    case_id, moment_id = answered
    with pytest.raises(ValidationError) as caught:
        scan_review.record(store, facilitator, case_id, moment_id, EMPLOYEE, date(2026, 8, 28), "Viel op", " ", (), clock=clock)
    assert (caught.value.field, caught.value.key) == ("to_bring", "scan_review.to_bring_required")


def test_a_review_waits_for_the_partys_submitted_scan_and_a_summary_for_the_review(store, facilitator, clock):
    case_id = open_case(store, facilitator, sick_leave_start=date(2026, 3, 2))
    intake.record_consent(store, facilitator, case_id, PROCESSING, True, date(2026, 3, 20))
    moment, _ = scan.create_moment(store, facilitator, case_id, MomentKind.T0, date(2026, 8, 20), clock=clock)
    with pytest.raises(ValidationError) as caught:
        scan_review.record(store, facilitator, case_id, moment.id, EMPLOYEE, date(2026, 8, 28), "x", "y", (), clock=clock)
    assert caught.value.key == "scan_review.not_submitted"


def test_a_summary_needs_the_review_written_down_first(store, facilitator, answered, clock):
    case_id, moment_id = answered
    with pytest.raises(ValidationError) as caught:
        scan_review.summary(store, facilitator, case_id, moment_id, EMPLOYEE, clock)
    assert caught.value.key == "scan_review.no_review"


def test_a_second_click_of_the_same_form_gives_back_what_the_first_saved(store, facilitator, answered, clock):
    case_id, moment_id = answered
    first = scan_review.record(store, facilitator, case_id, moment_id, EMPLOYEE, date(2026, 8, 28), "x", "y", (), request="r1", clock=clock)
    again = scan_review.record(store, facilitator, case_id, moment_id, EMPLOYEE, date(2026, 8, 28), "z", "y", (), request="r1", clock=clock)
    assert again == first
    assert scan_review.reviews(store, facilitator, case_id, clock)[(moment_id, EMPLOYEE)].stood_out == "x"


def test_another_facilitator_is_refused_every_step_and_each_attempt_is_logged(store, facilitator, other_facilitator, answered, clock):
    case_id, moment_id = answered
    review_both(store, facilitator, case_id, moment_id, clock)
    attempts = (
        lambda: scan_review.record(store, other_facilitator, case_id, moment_id, EMPLOYEE, date(2026, 8, 28), "x", "y", (), clock=clock),
        lambda: scan_review.reviews(store, other_facilitator, case_id, clock),
        lambda: scan_review.summary(store, other_facilitator, case_id, moment_id, EMPLOYEE, clock),
        lambda: summary_pdf.document(store, other_facilitator, case_id, moment_id, MANAGER, "nl", clock),
    )
    for attempt in attempts:
        with pytest.raises(PermissionDenied):
            attempt()
    with store.transaction() as q:
        denied = [e for e in q.journal.audit_of_case(case_id) if e.action == "case.denied" and e.actor == "olaf"]
    assert [e.detail for e in denied] == ["scan.review", "case.view", "scan.review_summary", "scan.review_summary"]


def test_the_review_and_its_summary_are_in_the_history_in_words(store, facilitator, answered, clock):
    case_id, moment_id = answered
    review_both(store, facilitator, case_id, moment_id, clock)
    summary_pdf.document(store, facilitator, case_id, moment_id, MANAGER, "nl", clock)
    lines = [(line.what, line.detail) for line in history.case_history(store, facilitator, case_id, "nl", kind="scan")]
    assert ("Scanbespreking met een partij genoteerd", "medewerker") in lines
    assert ("Scanbespreking met een partij genoteerd", "leidinggevende") in lines
    assert ("Samenvatting van een scanbespreking gemaakt", "leidinggevende") in lines


def test_each_partys_export_holds_their_own_review_and_not_the_other_partys(store, facilitator, answered, clock):
    case_id, moment_id = answered
    review_both(store, facilitator, case_id, moment_id, clock)
    for party in (EMPLOYEE, MANAGER):
        data = privacy.export_case(store, facilitator, case_id, for_whom=ExportFor(party.value))
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            record = json.loads(next(archive.read(n) for n in archive.namelist() if n.endswith(".json")))
        text = json.dumps(record, ensure_ascii=False)
        assert REVIEW[party]["stood_out"] in text
        other = OTHER[party]
        assert REVIEW[other]["stood_out"] not in text and REVIEW[other]["private_note"] not in text


def test_a_case_whose_basic_consent_was_withdrawn_takes_no_review_and_gives_no_summary(store, facilitator, answered, clock):
    case_id, moment_id = answered
    review_both(store, facilitator, case_id, moment_id, clock)
    intake.record_consent(store, facilitator, case_id, PROCESSING, False, date(2026, 8, 30))
    with pytest.raises(Unavailable):
        scan_review.record(store, facilitator, case_id, moment_id, EMPLOYEE, date(2026, 8, 28), "x", "y", (), clock=clock)
    with pytest.raises(Unavailable):
        summary_pdf.document(store, facilitator, case_id, moment_id, EMPLOYEE, "nl", clock)


def test_typed_markup_prints_literally_in_the_summary(store, facilitator, answered, clock):
    case_id, moment_id = answered
    typed = "**vet** <b>niet vet</b> [link](http://x)"
    scan_review.record(store, facilitator, case_id, moment_id, EMPLOYEE, date(2026, 8, 28), typed, "Niets", (), clock=clock)
    assert typed in pdf_text(summary_pdf.document(store, facilitator, case_id, moment_id, EMPLOYEE, "nl", clock))


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_summary_speaks_the_language_chosen_for_it(store, facilitator, answered, clock, lang):
    from reset_core.i18n import translate

    case_id, moment_id = answered
    review_both(store, facilitator, case_id, moment_id, clock)
    text = pdf_text(summary_pdf.document(store, facilitator, case_id, moment_id, EMPLOYEE, lang, clock))
    assert translate("scan_review.pdf_title", lang) in text
    assert INSTRUMENT.items[0].text("employee", lang) in text
