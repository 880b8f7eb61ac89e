"""Every create and save action happens once per click: the same request (the token of
the form it came from), sent 30 times as a double click or a rerun sends it, is
stored exactly once; a new request still makes a new one. And the scan moment rules
that go with it: a new T0 after a submitted one asks for a reason, a moment nobody
answered can be withdrawn."""

from datetime import date, datetime, timedelta

import pytest

from reset_core import accounts, agreement, closing, conversations, dialogue, followup, intake, scan, services
from reset_core.errors import PermissionDenied, ValidationError
from reset_core.model import (
    PROCESSING,
    AtWorkNineMonths,
    CaseDetails,
    ConversationParty,
    Decision,
    GoalOwner,
    LessonKind,
    LessonLevel,
    MomentKind,
    Participants,
    Party,
    PartyRole,
    PersonRole,
    Phase,
    Respondent,
    Role,
    person_subject,
)
from reset_core.scan import LinkRefused
from tests.conftest import PASSWORD, Clock, close_case, open_case
from tests.integration.test_agreement import RETURN, draft
from tests.integration.test_agreement import TODAY as PLAN_TODAY
from tests.integration.test_scan_links import answer_all

REPEATS = 30
TODAY = date.today()


def details(name: str = "Marc Verbeke", **changes) -> CaseDetails:
    values = dict(
        employee=Party(PartyRole.EMPLOYEE, name, "Vertegenwoordiger", "Verkoop"),
        manager=Party(PartyRole.MANAGER, "Katrien De Smet", "Salesmanager"),
        sick_leave_start=date(2026, 6, 1),
    )
    values.update(changes)
    return CaseDetails(**values)


def thirty_times(call):
    return [call() for _ in range(REPEATS)]


def count(store, sql: str, *params) -> int:
    with store.read() as q:
        return q.cur.execute(sql, list(params)).fetchone()[0]


@pytest.fixture
def case_id(store, facilitator):
    case_id = open_case(store, facilitator)
    intake.record_consent(store, facilitator, case_id, PROCESSING, True, date(2026, 6, 3))
    return case_id


def test_a_case_opened_thirty_times_by_one_click_is_stored_once_and_never_asks_about_a_second(store, facilitator):
    opened = thirty_times(lambda: intake.open_case(store, facilitator, details(), request="click-1"))
    assert {case.id for case in opened} == {opened[0].id}
    assert [s.case.employee.name for s in services.list_cases(store, facilitator)] == ["Marc Verbeke"]


def test_a_second_click_with_a_new_request_still_asks_before_a_second_case(store, facilitator):
    intake.open_case(store, facilitator, details(), request="click-1")
    with pytest.raises(intake.DuplicateCase):
        intake.open_case(store, facilitator, details(), request="click-2")


def test_another_users_request_token_never_returns_their_case(store, facilitator, other_facilitator):
    mine = intake.open_case(store, facilitator, details(), request="same-token")
    theirs = intake.open_case(store, other_facilitator, details("Ander"), request="same-token")
    assert theirs.id != mine.id and theirs.facilitator == "olaf"


def test_a_save_sent_thirty_times_is_saved_once_without_a_changed_meanwhile_refusal(store, facilitator, case_id):
    case = services.get_case(store, facilitator, case_id)
    corrected = details(expected_return=date(2026, 9, 1))
    saved = thirty_times(lambda: intake.update_case(store, facilitator, case_id, corrected, case.version, request="save-1"))
    assert services.get_case(store, facilitator, case_id).version == case.version + 1
    assert saved[-1].expected_return == date(2026, 9, 1)
    assert [e.action for e in services.case_history(store, facilitator, case_id)].count("case.fields") == 1


def test_a_scan_moment_made_thirty_times_by_one_click_has_one_moment_and_one_live_link_pair(store, facilitator, case_id):
    made = thirty_times(lambda: scan.create_moment(store, facilitator, case_id, MomentKind.T0, TODAY, request="moment-1"))
    first_moment, first_links = made[0]
    assert {m.id for m, _ in made} == {first_moment.id}
    assert all(links == {} for _, links in made[1:])  # the links were handed out once, by the first click
    assert [o.moment.id for o in scan.overview(store, facilitator, case_id)] == [first_moment.id]
    assert count(store, "SELECT count(*) FROM scan_links WHERE case_id = ? AND revoked_at IS NULL", case_id) == 2
    for token in first_links.values():  # the pair the facilitator was shown still works
        assert scan.open_link(store, token).moment_id == first_moment.id


def test_a_link_reissued_thirty_times_by_one_click_is_one_new_link_and_it_is_the_one_that_works(store, facilitator, case_id):
    moment, _ = scan.create_moment(store, facilitator, case_id, MomentKind.T0, TODAY)
    made = thirty_times(lambda: scan.reissue_link(store, facilitator, case_id, moment.id, Respondent.EMPLOYEE, request="reissue-1"))
    assert made[0] and made[1:] == [None] * (REPEATS - 1)  # the link was handed out once, by the first click
    live = "SELECT count(*) FROM scan_links WHERE case_id = ? AND respondent = 'employee' AND revoked_at IS NULL"
    assert count(store, live, case_id) == 1
    assert scan.open_link(store, made[0]).moment_id == moment.id


def test_a_plan_version_made_thirty_times_by_one_click_is_one_version(store, facilitator):
    clock = Clock(datetime(2026, 9, 1, 10, 0))
    case_id = open_case(store, facilitator, sick_leave_start=date(2026, 3, 2), expected_return=RETURN)
    intake.record_consent(store, facilitator, case_id, PROCESSING, True, date(2026, 3, 20))
    first = draft(store, facilitator, case_id, clock)
    agreement.offer(store, facilitator, case_id, 1, PLAN_TODAY, first.revision, clock)
    made = thirty_times(lambda: agreement.new_version(store, facilitator, case_id, "Het team loopt nog stroef.", clock, request="v-1"))
    assert {v.number for v in made} == {2}
    assert [v.number for v in agreement.load(store, facilitator, case_id, clock).versions] == [1, 2]


def test_starting_the_plan_twice_by_one_click_is_not_refused(store, facilitator, case_id):
    started = thirty_times(lambda: agreement.start(store, facilitator, case_id, request="start-1"))
    assert {v.number for v in started} == {1}


def test_a_follow_up_recorded_thirty_times_by_one_click_is_one_follow_up(store, facilitator):
    returned = TODAY - timedelta(days=100)
    case_id = open_case(store, facilitator, sick_leave_start=TODAY - timedelta(days=300), actual_return=returned)
    intake.record_consent(store, facilitator, case_id, PROCESSING, True, TODAY - timedelta(days=290))
    made = thirty_times(lambda: followup.record_followup(
        store, facilitator, case_id, "m3", returned + timedelta(days=92), Participants.JOINT, Decision.CONTINUE,
        works="Vaste pauzes", request="followup-1",
    ))
    assert {f.id for f in made} == {made[0].id}
    assert [f.kind for f in followup.followups(store, facilitator, case_id)] == ["m3"]


def test_intake_additions_sent_thirty_times_are_each_stored_once(store, facilitator, case_id):
    thirty_times(lambda: intake.add_person(store, facilitator, case_id, PersonRole.GP, "Dr. Peeters", request="person-1"))
    person = intake.load(store, facilitator, case_id).people[0].person
    thirty_times(lambda: intake.record_consent(
        store, facilitator, case_id, person_subject(person.id), True, date(2026, 6, 4), request="consent-1",
    ))
    thirty_times(lambda: intake.log_contact(
        store, facilitator, case_id, person.id, date(2026, 6, 5), "Belde over de werkhervatting", request="contact-1",
    ))
    record = intake.load(store, facilitator, case_id)
    assert [v.person.name for v in record.people] == ["Dr. Peeters"]
    assert len([e for e in record.ledger if e.subject == person_subject(person.id)]) == 1
    assert [c.note for c in record.people[0].contacts] == ["Belde over de werkhervatting"]


def test_conversations_and_goals_sent_thirty_times_are_each_stored_once(store, facilitator, case_id):
    started = thirty_times(lambda: conversations.start_conversation(
        store, facilitator, case_id, ConversationParty.EMPLOYEE, date(2026, 6, 10), request="talk-1",
    ))
    assert {c.id for c in started} == {started[0].id}
    assert len(conversations.list_conversations(store, facilitator, case_id)) == 1
    talk = started[0].id
    thirty_times(lambda: conversations.add_insight(store, facilitator, case_id, talk, "Wil eerst halftijds", request="insight-1"))
    thirty_times(lambda: conversations.add_adjustment(store, facilitator, case_id, talk, "task", "Geen klanten", request="adj-1"))
    thirty_times(lambda: conversations.add_goal(store, facilitator, case_id, talk, "Rustig opbouwen", request="pgoal-1"))
    (conversation,) = conversations.list_conversations(store, facilitator, case_id)
    assert [len(conversation.insights), len(conversation.adjustments), len(conversation.goals)] == [1, 1, 1]
    thirty_times(lambda: dialogue.add_goal(
        store, facilitator, case_id, "recovery_energy", GoalOwner.EMPLOYEE, "Elke dag een middagpauze",
        "Herstel scoort 3 of meer", MomentKind.M3, request="goal-1",
    ))
    assert [g.description for g in dialogue.goals(store, facilitator, case_id)] == ["Elke dag een middagpauze"]


def test_closing_a_case_adding_a_lesson_and_reopening_by_one_click_each_happen_once(store, facilitator, case_id):
    thirty_times(lambda: close_case(store, facilitator, case_id, at_work_9m=AtWorkNineMonths.NOT_KNOWN, request="close-1"))
    assert len(closing.load(store, facilitator, case_id).history) == 1
    before = len(closing.load(store, facilitator, case_id).current.lessons)
    thirty_times(lambda: closing.add_lesson(
        store, facilitator, case_id, LessonKind.COULD_BE_BETTER, LessonLevel.ORGANISATION, "hindering_demands",
        "Eerder bijsturen bij piekwerk.", request="lesson-1",
    ))
    assert len(closing.load(store, facilitator, case_id).current.lessons) == before + 1
    thirty_times(lambda: closing.reopen(store, facilitator, case_id, "De 9-maandenvraag kwam later.", request="reopen-1"))
    record = closing.load(store, facilitator, case_id)
    # Reopened into the phase its facts give: consent and nothing more, so preparation.
    assert record.case.phase is Phase.PREPARATION and len(record.reopenings) == 1


def test_an_account_added_thirty_times_by_one_click_is_added_once_without_username_taken(store, admin):
    thirty_times(lambda: accounts.add_user(store, admin, "nina", "Nina Nieuw", PASSWORD, Role.FACILITATOR, request="acc-1"))
    assert [a.username for a in accounts.accounts(store, admin)].count("nina") == 1


# --- the scan moment rules that go with it ---------------------------------------------------


def submitted_t0(store, facilitator, case_id):
    moment, tokens = scan.create_moment(store, facilitator, case_id, MomentKind.T0, TODAY)
    answer_all(store, tokens[Respondent.EMPLOYEE])
    scan.submit(store, tokens[Respondent.EMPLOYEE])
    return moment


def test_a_new_t0_after_a_submitted_t0_asks_for_a_reason_and_keeps_it(store, facilitator, case_id):
    submitted_t0(store, facilitator, case_id)
    with pytest.raises(ValidationError) as refused:
        scan.create_moment(store, facilitator, case_id, MomentKind.T0, TODAY)
    assert (refused.value.key, refused.value.field) == ("scan.t0_again_reason", "reason")
    assert len(scan.overview(store, facilitator, case_id)) == 1
    again, _ = scan.create_moment(store, facilitator, case_id, MomentKind.T0, TODAY, reason="Eerste T0 vóór het ziekteverlof ingevuld")
    assert [o.moment.reason for o in scan.overview(store, facilitator, case_id)] == ["", "Eerste T0 vóór het ziekteverlof ingevuld"]
    assert again.reason == "Eerste T0 vóór het ziekteverlof ingevuld"


def test_a_later_moment_needs_no_reason(store, facilitator, case_id):
    submitted_t0(store, facilitator, case_id)
    scan.create_moment(store, facilitator, case_id, MomentKind.M3, TODAY)
    assert len(scan.overview(store, facilitator, case_id)) == 2


def test_a_moment_nobody_answered_is_withdrawn_and_its_links_stop_at_once(store, facilitator, case_id):
    moment, tokens = scan.create_moment(store, facilitator, case_id, MomentKind.T0, TODAY)
    scan.open_link(store, tokens[Respondent.MANAGER])  # opened, not answered
    scan.withdraw_moment(store, facilitator, case_id, moment.id)
    assert scan.overview(store, facilitator, case_id) == []
    for token in tokens.values():
        with pytest.raises(LinkRefused):
            scan.open_link(store, token)
    assert "scan.withdraw" in [e.action for e in services.case_history(store, facilitator, case_id)]


def test_a_moment_someone_answered_cannot_be_withdrawn_and_keeps_the_answers(store, facilitator, case_id):
    moment, tokens = scan.create_moment(store, facilitator, case_id, MomentKind.T0, TODAY)
    scan.save_answer(store, tokens[Respondent.EMPLOYEE], scan.load_instrument(scan.CURRENT_VERSION).items[0].id, 4)
    with pytest.raises(ValidationError) as refused:
        scan.withdraw_moment(store, facilitator, case_id, moment.id)
    assert refused.value.key == "scan.withdraw_answered"
    assert scan.open_link(store, tokens[Respondent.EMPLOYEE]).response.answers


def test_another_facilitator_cannot_withdraw_a_moment(store, facilitator, other_facilitator, case_id):
    moment, _ = scan.create_moment(store, facilitator, case_id, MomentKind.T0, TODAY)
    with pytest.raises(PermissionDenied):
        scan.withdraw_moment(store, other_facilitator, case_id, moment.id)
    assert len(scan.overview(store, facilitator, case_id)) == 1
