"""The team briefing: one page for whoever tells the team about the return, holding only
what the employee agreed colleagues may hear in the confirmed plan."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest
from pypdf import PdfReader

from reset_core import agreement, conversations, scan
from reset_core.documents.team_briefing import team_briefing
from reset_core.errors import NotFound, PermissionDenied
from reset_core.i18n import translate
from reset_core.instrument import load_instrument
from reset_core.model import (
    AdjustmentArea,
    Assessment,
    AssessmentOutcome,
    ConversationParty,
    CraftingAim,
    MomentKind,
    PlanAdjustment,
    Respondent,
    Signer,
)
from tests.conftest import Clock, open_formal_case

TODAY = date(2026, 9, 1)
MESSAGE = "Dat Zoë terugkomt met minder uren en eigen klanten; niets over de reden."
TELLER = "Katrien, in het teamoverleg van maandag"
PRIVATE = ("Vertrouwelijke kaartnotitie over thuis", "Privé inzicht over de collega", "Open scanantwoord over de werkdruk")


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 9, 1, 10, 0))


@pytest.fixture
def case_id(store, facilitator, clock):
    """A case with private notes, an insight and scan answers, and a plan saying what colleagues may hear."""
    case_id = open_formal_case(
        store, facilitator, assessed_on=date(2026, 6, 1), consent_on=date(2026, 3, 20), clock=clock,
        growth_reason="Eerst rust", sick_leave_start=date(2026, 3, 2), expected_return=date(2026, 9, 7),
        assessment=Assessment(AssessmentOutcome.A, date(2026, 6, 1), "Aangepast werk"),
    )
    held = conversations.start_conversation(store, facilitator, case_id, ConversationParty.EMPLOYEE, date(2026, 8, 1))
    conversations.save_card_note(store, facilitator, case_id, held.id, "topic_stigma", PRIVATE[0])
    conversations.add_insight(store, facilitator, case_id, held.id, PRIVATE[1], card_id="topic_stigma")
    _moment, tokens = scan.create_moment(store, facilitator, case_id, MomentKind.T0, date(2026, 8, 20))
    instrument = load_instrument(scan.CURRENT_VERSION)  # the version a new case answers
    token = tokens[Respondent.EMPLOYEE]
    scan.save_answers(store, token, {i.id: 3 for i in instrument.items})
    scan.save_open_answer(store, token, instrument.open_questions[0].id, PRIVATE[2])
    agreement.start(store, facilitator, case_id, clock)
    first = agreement.load(store, facilitator, case_id, clock).version(1)
    content = replace(
        first.content, colleagues_message=MESSAGE, colleagues_told_by=TELLER, buddy="Jan Peeters", contract_hours=38.0,
        adjustments=(PlanAdjustment(AdjustmentArea.WORKLOAD, CraftingAim.LOWER_HINDERING_DEMAND, "Geen piekdagen op maandag"),),
    )
    agreement.save_draft(store, facilitator, case_id, 1, content, first.revision, clock)
    return case_id


def sign(store, facilitator, case_id, clock, number=1):
    version = agreement.load(store, facilitator, case_id, clock).version(number)
    agreement.offer(store, facilitator, case_id, number, TODAY, version.revision, clock)
    for signer, name in ((Signer.EMPLOYEE, "Zoë"), (Signer.MANAGER, "Katrien"), (Signer.FACILITATOR, "Fien")):
        clock.now += timedelta(minutes=5)
        agreement.sign(store, facilitator, case_id, number, signer, name, confirmed=True, paper_date=TODAY, clock=clock)


def pdf_text(data: bytes) -> str:
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages))


def test_the_briefing_tells_what_the_employee_agreed_and_who_tells_it(store, facilitator, case_id, clock):
    sign(store, facilitator, case_id, clock)
    text = pdf_text(team_briefing(store, facilitator, case_id, "nl", clock))
    assert MESSAGE in text and TELLER in text
    assert translate("team_briefing.question_1", "nl") in text and translate("team_briefing.answer_6", "nl") in text


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_briefing_speaks_the_chosen_language(store, facilitator, case_id, clock, lang):
    sign(store, facilitator, case_id, clock)
    text = pdf_text(team_briefing(store, facilitator, case_id, lang, clock))
    assert translate("team_briefing.message_heading", lang) in text
    assert re.sub(r"\s+", " ", translate("team_briefing.question_2", lang)) in text
    assert MESSAGE in text  # the agreed words stay as they were written


def test_the_briefing_holds_no_private_note_no_scan_answer_and_no_other_part_of_the_plan(store, facilitator, case_id, clock):
    sign(store, facilitator, case_id, clock)
    text = pdf_text(team_briefing(store, facilitator, case_id, "nl", clock))
    assert [p for p in PRIVATE if p in text] == []
    assert "Jan Peeters" not in text and "piekdagen" not in text  # the buddy is in the plan, not in what the team may hear
    assert "Aangepast werk" not in text  # nor the occupational physician's outcome


def test_a_plan_not_yet_confirmed_gives_no_briefing_and_logs_nothing(store, facilitator, case_id, clock):
    with pytest.raises(NotFound) as caught:
        team_briefing(store, facilitator, case_id, "nl", clock)
    assert caught.value.key == "team_briefing.no_signed_plan"
    with store.transaction() as q:
        assert "team_briefing.pdf" not in [e.action for e in q.journal.audit_of_case(case_id)]


def test_the_briefing_follows_the_newest_confirmed_version(store, facilitator, case_id, clock):
    sign(store, facilitator, case_id, clock)
    second = agreement.new_version(store, facilitator, case_id, "Ander bericht voor het team", clock=clock)
    agreement.save_draft(
        store, facilitator, case_id, 2, replace(second.content, colleagues_message="Nieuw bericht, nog niet bevestigd"),
        second.revision, clock,
    )
    text = pdf_text(team_briefing(store, facilitator, case_id, "nl", clock))
    assert MESSAGE in text and "Nieuw bericht" not in text  # a draft is not agreed yet


def test_the_wrong_facilitator_is_refused_and_it_is_logged(store, facilitator, other_facilitator, case_id, clock):
    sign(store, facilitator, case_id, clock)
    with pytest.raises(PermissionDenied):
        team_briefing(store, other_facilitator, case_id, "nl", clock)
    with store.transaction() as q:
        entries = [(e.actor, e.action, e.detail) for e in q.journal.audit_of_case(case_id)]
    assert (other_facilitator.username, "case.denied", "team_briefing.pdf") in entries
    assert not any(actor == other_facilitator.username and action == "team_briefing.pdf" for actor, action, _ in entries)


def test_making_the_briefing_is_in_the_case_history(store, facilitator, case_id, clock):
    sign(store, facilitator, case_id, clock)
    team_briefing(store, facilitator, case_id, "nl", clock)
    with store.transaction() as q:
        assert [e.detail for e in q.journal.audit_of_case(case_id) if e.action == "team_briefing.pdf"] == ["nl"]
