"""What a case allows once the employee's basic consent is withdrawn, and once it is
closed (reset_core.allowed), surface by surface, through the use cases a page calls."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from reset_core import agreement, conversations, dialogue, followup, intake, scan, services
from reset_core.documents.plan import calendar_file, document
from reset_core.errors import Unavailable
from reset_core.instrument import load_instrument
from reset_core.model import (
    PROCESSING,
    AdjustmentArea,
    AtWorkNineMonths,
    Audience,
    ConversationParty,
    CraftingAim,
    Decision,
    GoalOwner,
    MomentKind,
    Participants,
    PlanAdjustment,
    Respondent,
    SchedulePeriod,
    Signer,
)
from reset_core.scan import CURRENT_VERSION
from tests.conftest import close_case, open_case

TODAY = date.today()
RETURNED = TODAY - timedelta(days=60)
WITHDRAWN_ON = TODAY - timedelta(days=3)
INSTRUMENT = load_instrument(CURRENT_VERSION)


@pytest.fixture
def case_id(store, facilitator):
    """A case back at work, with the basic consent, a card conversation, a topic and a goal of the joint dialogue."""
    case_id = open_case(store, facilitator, sick_leave_start=TODAY - timedelta(days=200), actual_return=RETURNED)
    intake.record_consent(store, facilitator, case_id, PROCESSING, True, TODAY - timedelta(days=190))
    talk = conversations.start_conversation(store, facilitator, case_id, ConversationParty.EMPLOYEE, TODAY - timedelta(days=100))
    conversations.add_insight(store, facilitator, case_id, talk.id, "Maandagen zijn zwaar")
    dialogue.save_topic(store, facilitator, case_id, "autonomy", True, "Zelf de volgorde van de taken kiezen")
    dialogue.add_goal(store, facilitator, case_id, "autonomy", GoalOwner.EMPLOYEE, "Eigen planning", "Na een maand", MomentKind.M3)
    return case_id


@pytest.fixture
def links(store, facilitator, case_id):
    _, tokens = scan.create_moment(store, facilitator, case_id, MomentKind.M3, TODAY)
    return tokens


def withdraw(store, facilitator, case_id):
    intake.record_consent(store, facilitator, case_id, PROCESSING, False, WITHDRAWN_ON, "De medewerker stopt het traject.")


def close(store, facilitator, case_id):
    # The closing date comes from this module's TODAY, not the helper's own clock: a run
    # crossing midnight would otherwise expect one day and store the next.
    close_case(store, facilitator, case_id, closed_on=TODAY - timedelta(days=2), at_work_9m=AtWorkNineMonths.NOT_KNOWN)


def signed_plan(store, facilitator, case_id):
    """Version 1 of the plan, signed by all three."""
    first = agreement.start(store, facilitator, case_id)
    content = replace(
        first.content, contract_hours=38.0,
        adjustments=(PlanAdjustment(AdjustmentArea.WORKLOAD, CraftingAim.LOWER_HINDERING_DEMAND, "Geen piekdagen"), PlanAdjustment(AdjustmentArea.RELATIONS_SUPPORT, CraftingAim.RAISE_RESOURCE, "Wekelijks gesprek met de leidinggevende")),
        schedule=(SchedulePeriod(RETURNED, RETURNED + timedelta(days=13), None, 50.0, 3.0, "Bijlezen"),),
        valid_from=RETURNED,
    )
    version = agreement.save_draft(store, facilitator, case_id, 1, content, first.revision)
    agreement.offer(store, facilitator, case_id, 1, TODAY, version.revision)
    for signer in Signer:
        agreement.sign(store, facilitator, case_id, 1, signer, f"Naam {signer.value}", confirmed=True, paper_date=TODAY)


def refused_because(key: str, call, *args, **kwargs) -> Unavailable:
    with pytest.raises(Unavailable) as caught:
        call(*args, **kwargs)
    assert caught.value.key == key
    return caught.value


def answers_of(store, case_id, respondent):
    with store.read() as q:
        return next(r for r in q.scans.responses_of_case(case_id) if r.respondent is respondent)


# --- the scan link --------------------------------------------------------------------------


def test_a_scan_link_saves_no_answer_once_the_basic_consent_is_withdrawn(store, facilitator, case_id, links):
    token = links[Respondent.EMPLOYEE]
    scan.save_answer(store, token, "v2_autonomy_1", 2)
    withdraw(store, facilitator, case_id)
    for call, args in (
        (scan.save_answer, ("v2_autonomy_2", 4)), (scan.save_open_answer, ("v2_employee_energy", "Mijn klanten")),
        (scan.save_continuum, ("surviving",)), (scan.open_link, ()), (scan.resume, ()),
    ):
        refused_because("allowed.link_stopped", call, store, token, *args)
    stored = answers_of(store, case_id, Respondent.EMPLOYEE)
    assert stored.answers == {"v2_autonomy_1": 2} and not stored.open_answers and stored.continuum is None


def test_a_scan_link_cannot_submit_once_the_basic_consent_is_withdrawn(store, facilitator, case_id, links):
    token = links[Respondent.MANAGER]
    scan.save_answers(store, token, {item.id: 3 for item in INSTRUMENT.items})
    withdraw(store, facilitator, case_id)
    refused_because("allowed.link_stopped", scan.submit, store, token)
    assert not answers_of(store, case_id, Respondent.MANAGER).submitted


def test_a_scan_link_of_a_closed_case_takes_no_answer(store, facilitator, case_id, links):
    token = links[Respondent.EMPLOYEE]
    scan.save_answers(store, token, {item.id: 3 for item in INSTRUMENT.items})
    scan.save_continuum(store, token, "surviving")
    close(store, facilitator, case_id)
    refused_because("allowed.link_closed", scan.submit, store, token)
    refused_because("allowed.link_closed", scan.save_answer, store, token, "v2_autonomy_1", 1)
    refused_because("allowed.link_closed", scan.open_link, store, token)
    assert not answers_of(store, case_id, Respondent.EMPLOYEE).submitted
    assert answers_of(store, case_id, Respondent.EMPLOYEE).answers["v2_autonomy_1"] == 3


def test_a_refused_link_is_in_the_case_history_under_its_party(store, facilitator, case_id, links):
    withdraw(store, facilitator, case_id)
    refused_because("allowed.link_stopped", scan.open_link, store, links[Respondent.MANAGER])
    entries = services.case_history(store, facilitator, case_id)
    assert any(e.actor == "manager-link" and e.action == "case.denied" and "allowed.link_stopped" in e.detail for e in entries)


def test_a_link_works_again_when_the_consent_is_given_again(store, facilitator, case_id, links):
    withdraw(store, facilitator, case_id)
    intake.record_consent(store, facilitator, case_id, PROCESSING, True, TODAY)
    scan.save_answer(store, links[Respondent.EMPLOYEE], "v2_autonomy_1", 5)
    assert answers_of(store, case_id, Respondent.EMPLOYEE).answers == {"v2_autonomy_1": 5}


# --- the facilitator's screens -----------------------------------------------------------------


def test_the_joint_screen_shows_nothing_once_the_basic_consent_is_withdrawn(store, facilitator, case_id):
    withdraw(store, facilitator, case_id)
    error = refused_because("allowed.consent_withdrawn", dialogue.joint_view, store, facilitator, case_id)
    assert error.params == {"date": f"{WITHDRAWN_ON:%d/%m/%Y}"}
    refused_because("allowed.consent_withdrawn", dialogue.goals, store, facilitator, case_id)


def test_the_joint_screen_takes_no_topic_or_goal_once_the_basic_consent_is_withdrawn(store, facilitator, case_id):
    (goal,) = dialogue.goals(store, facilitator, case_id)
    withdraw(store, facilitator, case_id)
    refused_because("allowed.consent_withdrawn", dialogue.save_topic, store, facilitator, case_id, "autonomy", False, None)
    refused_because(
        "allowed.consent_withdrawn", dialogue.add_goal, store, facilitator, case_id, "autonomy", GoalOwner.TEAM, "d", "i", MomentKind.M6,
    )
    refused_because("allowed.consent_withdrawn", dialogue.drop_goal, store, facilitator, case_id, goal.id)
    intake.record_consent(store, facilitator, case_id, PROCESSING, True, TODAY)
    view = dialogue.joint_view(store, facilitator, case_id)  # everything as it was
    assert [g.description for g in view.goals] == ["Eigen planning"] and view.topics["autonomy"].discussed


def test_the_plan_pdf_and_calendar_are_not_built_once_the_basic_consent_is_withdrawn(store, facilitator, case_id):
    signed_plan(store, facilitator, case_id)
    assert document(store, facilitator, case_id, 1).startswith(b"%PDF")
    withdraw(store, facilitator, case_id)
    refused_because("allowed.consent_withdrawn", document, store, facilitator, case_id, 1)
    refused_because("allowed.consent_withdrawn", calendar_file, store, facilitator, case_id, 1)
    refused_because("allowed.consent_withdrawn", agreement.load, store, facilitator, case_id)
    refused_because("allowed.consent_withdrawn", agreement.new_version, store, facilitator, case_id, "Na opvolging")


def test_conversations_scan_results_and_follow_up_stop_once_the_basic_consent_is_withdrawn(store, facilitator, case_id, links):
    (talk,) = conversations.list_conversations(store, facilitator, case_id)
    withdraw(store, facilitator, case_id)
    refused = "allowed.consent_withdrawn"
    refused_because(refused, conversations.list_conversations, store, facilitator, case_id)
    refused_because(refused, conversations.add_insight, store, facilitator, case_id, talk.id, "Nog een inzicht")
    refused_because(refused, conversations.save_card_note, store, facilitator, case_id, talk.id, "theme_autonomy", "nota")
    refused_because(refused, scan.results, store, facilitator, case_id)
    refused_because(refused, scan.create_moment, store, facilitator, case_id, MomentKind.M6, TODAY)
    refused_because(refused, followup.followups, store, facilitator, case_id)
    refused_because(
        refused, followup.record_followup, store, facilitator, case_id, "m3", TODAY, Participants.JOINT, Decision.CONTINUE,
    )
    assert conversations.shared_insights(store, facilitator, case_id, Audience.JOINT) == []


def test_the_intake_and_stopping_a_link_stay_open_once_the_basic_consent_is_withdrawn(store, facilitator, case_id, links):
    withdraw(store, facilitator, case_id)
    record = intake.load(store, facilitator, case_id)
    assert [e.given for e in record.ledger] == [True, False]
    scan.revoke_link(store, facilitator, case_id, scan.overview(store, facilitator, case_id)[0].moment.id, Respondent.EMPLOYEE)
    with pytest.raises(scan.LinkRefused):
        scan.open_link(store, links[Respondent.EMPLOYEE])


def test_a_refusal_for_the_consent_is_in_the_case_history(store, facilitator, case_id):
    withdraw(store, facilitator, case_id)
    refused_because("allowed.consent_withdrawn", dialogue.joint_view, store, facilitator, case_id)
    entries = services.case_history(store, facilitator, case_id)
    assert any(e.action == "case.denied" and e.detail == "dialogue.view: allowed.consent_withdrawn" for e in entries)


# --- a closed case --------------------------------------------------------------------------------


def test_a_closed_case_takes_no_new_moment_conversation_goal_or_follow_up(store, facilitator, case_id):
    close(store, facilitator, case_id)
    closed = f"{TODAY - timedelta(days=2):%d/%m/%Y}"
    error = refused_because("allowed.closed", scan.create_moment, store, facilitator, case_id, MomentKind.M6, TODAY)
    assert error.params == {"date": closed}
    refused_because("allowed.closed", conversations.start_conversation, store, facilitator, case_id, ConversationParty.MANAGER, TODAY)
    refused_because("allowed.closed", dialogue.add_goal, store, facilitator, case_id, "autonomy", GoalOwner.TEAM, "d", "i", MomentKind.M6)
    refused_because("allowed.closed", followup.record_followup, store, facilitator, case_id, "m3", TODAY, Participants.JOINT, Decision.CONTINUE)
    # What is on file stays readable for the facilitator.
    assert [g.description for g in dialogue.joint_view(store, facilitator, case_id).goals] == ["Eigen planning"]
    assert len(conversations.list_conversations(store, facilitator, case_id)) == 1


def test_a_closed_case_still_gives_its_signed_plan_but_no_draft(store, facilitator, case_id):
    signed_plan(store, facilitator, case_id)
    agreement.new_version(store, facilitator, case_id, "Na de opvolging")
    close(store, facilitator, case_id)
    assert document(store, facilitator, case_id, 1).startswith(b"%PDF")
    assert b"BEGIN:VCALENDAR" in calendar_file(store, facilitator, case_id, 1)
    refused_because("allowed.closed_signed_only", document, store, facilitator, case_id, 2)
    version = agreement.load(store, facilitator, case_id).version(2)
    refused_because("allowed.closed", agreement.save_draft, store, facilitator, case_id, 2, version.content, version.revision)
