"""The first weeks back (reset_core.checkins): check-ins answered by each party in their
own space or recorded by the facilitator, due on the home list, a missed one raising an
early sign, and the reboarding checklist on the home page in the week before the return."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from reset_core import checkins, followup, intake, party_space
from reset_core.errors import ValidationError, ValidationErrors
from reset_core.formats import day
from reset_core.i18n import translate
from reset_core.model import PROCESSING, ContactAgreement, ContactKeeper, Respondent
from tests.conftest import Clock, open_case

RETURN = date(2026, 11, 4)  # a Wednesday: the first check-in falls on 11 November, a public holiday
FIRST = date(2026, 11, 12)  # ... and moves to the Thursday
SECOND = date(2026, 11, 18)


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 11, 12, 9, 0))


@pytest.fixture
def back(store, facilitator, clock):
    """A case back at work since RETURN: (case id, employee's space link, manager's space link)."""
    case_id = open_case(store, facilitator, sick_leave_start=date(2026, 5, 4), expected_return=RETURN, actual_return=RETURN)
    intake.record_consent(store, facilitator, case_id, PROCESSING, True, date(2026, 6, 1))
    links = {r: party_space.issue_link(store, facilitator, case_id, r, "nl", days=120, clock=clock) for r in Respondent}
    return case_id, links[Respondent.EMPLOYEE], links[Respondent.MANAGER]


def at(clock: Clock, on: date, hour: int = 10) -> Clock:
    clock.now = datetime.combine(on, datetime.min.time()) + timedelta(hours=hour)
    return clock


def test_the_party_answers_the_check_in_under_way_and_the_other_party_never_sees_it(store, facilitator, back, clock):
    case_id, employee, manager = back
    mine = checkins.in_space(store, employee, clock)
    assert mine.open_day == FIRST and mine.next_day == SECOND
    checkins.answer_in_space(store, employee, FIRST, 2, 14.0, "De buddy", "Te veel mails", "Het tempo", clock)
    assert checkins.in_space(store, employee, clock).open_day is None  # answered: nothing waits any more
    assert [a.helped for a in checkins.in_space(store, employee, clock).own] == ["De buddy"]
    # The manager's space reads the manager's answers only: the employee's stay out.
    theirs = checkins.in_space(store, manager, clock)
    assert theirs.open_day == FIRST and theirs.own == ()
    checkins.answer_in_space(store, manager, FIRST, 4, None, "Weekoverleg", "", "", clock)
    assert [(a.respondent, a.week_rating) for a in checkins.in_space(store, manager, clock).own] == [(Respondent.MANAGER, 4)]
    assert [(a.respondent, a.helped) for a in checkins.in_space(store, employee, clock).own] == [(Respondent.EMPLOYEE, "De buddy")]
    # The facilitator reads both.
    first = checkins.case_checkins(store, facilitator, case_id, clock=clock)[0]
    assert (first.due_on, first.state, first.employee.hindered, first.manager.helped) == (FIRST, "done", "Te veel mails", "Weekoverleg")
    assert first.employee.by_party and first.employee.answered_by == "employee-space"


def test_a_check_in_unanswered_three_days_becomes_an_early_sign_worded_about_the_situation(store, facilitator, back, clock):
    case_id, employee, _ = back
    checkins.answer_in_space(store, employee, FIRST, 3, clock=clock)
    assert not [s for s in followup.case_signals(store, facilitator, case_id, clock=at(clock, FIRST + timedelta(days=2))) if "checkin" in s.key]
    signs = [s for s in followup.case_signals(store, facilitator, case_id, clock=at(clock, FIRST + timedelta(days=3))) if "checkin" in s.key]
    assert [(s.rule, s.params) for s in signs] == [("signal.checkin_missed_manager", {"date": FIRST, "days": 3})]
    words = translate(signs[0].rule, "nl", date=day(FIRST, "nl"), days=3)
    assert words == ("De check-in van 12/11/2026 kreeg na 3 dagen nog geen antwoord van de leidinggevende. "
                     "Vraag hoe de leidinggevende de terugkeer ziet lopen.")
    for lang in ("nl", "en", "fr"):
        text = translate(signs[0].rule, lang, date=day(FIRST, lang), days=3).lower()
        assert "12/11/2026" in text and not any(word in text for word in ("gevaar", "herval", "risk", "danger", "rechute"))
    # The home page's list carries it too, and the check-in still waiting for the manager.
    assert any(s.key == signs[0].key for s in followup.all_signals(store, facilitator, clock=clock))
    assert [(i.what, i.kind, i.due_on) for i in followup.due_items(store, facilitator, clock=clock) if i.what == "checkin"] == [
        ("checkin", "manager", FIRST)
    ]


def test_a_later_answer_of_the_party_clears_the_missed_check_in_sign(store, facilitator, back, clock):
    case_id, employee, manager = back
    at(clock, SECOND)
    for token in (employee, manager):
        checkins.answer_in_space(store, token, SECOND, 4, clock=clock)
    signs = followup.case_signals(store, facilitator, case_id, clock=at(clock, SECOND + timedelta(days=3)))
    assert not [s for s in signs if "checkin" in s.key]
    assert [c.state for c in checkins.case_checkins(store, facilitator, case_id, clock=clock)[:2]] == ["missed", "done"]


def test_the_check_in_under_way_is_on_the_home_list_until_both_answered(store, facilitator, back, clock):
    _, employee, manager = back
    assert not [i for i in followup.due_items(store, facilitator, clock=at(clock, FIRST - timedelta(days=1))) if i.what == "checkin"]
    at(clock, FIRST)
    assert [(i.kind, i.due_on) for i in followup.due_items(store, facilitator, clock=clock) if i.what == "checkin"] == [("both", FIRST)]
    checkins.answer_in_space(store, employee, FIRST, 3, clock=clock)
    checkins.answer_in_space(store, manager, FIRST, 3, clock=clock)
    assert not [i for i in followup.due_items(store, facilitator, clock=clock) if i.what == "checkin"]


def test_switched_off_no_check_in_is_due_nor_missed(store, facilitator, back, clock):
    case_id, employee, _ = back
    with pytest.raises(ValidationError) as refused:
        checkins.save_rhythm(store, facilitator, case_id, True, 7, clock)
    assert refused.value.key == "checkins.weeks_range" and refused.value.field == "weekly_weeks"
    checkins.save_rhythm(store, facilitator, case_id, False, 4, clock)
    at(clock, FIRST + timedelta(days=10))
    assert not [i for i in followup.due_items(store, facilitator, clock=clock) if i.what == "checkin"]
    assert not [s for s in followup.case_signals(store, facilitator, case_id, clock=clock) if "checkin" in s.key]
    assert checkins.in_space(store, employee, clock).open_day is None


def test_a_double_click_keeps_one_answer_and_another_answer_to_the_same_check_in_is_refused(store, facilitator, back, clock):
    case_id, employee, _ = back
    assert checkins.answer_in_space(store, employee, FIRST, 3, None, "Rust", clock=clock) is True
    assert checkins.answer_in_space(store, employee, FIRST, 3, None, "Rust", clock=clock) is False
    with pytest.raises(ValidationError) as refused:
        checkins.answer_in_space(store, employee, FIRST, 1, None, "Toch niet", clock=clock)
    assert refused.value.key == "checkins.already_answered"
    assert checkins.case_checkins(store, facilitator, case_id, clock=clock)[0].employee.helped == "Rust"


def test_the_facilitator_records_a_partys_answers_and_gets_every_problem_at_once(store, facilitator, back, clock):
    case_id, _, manager = back
    with pytest.raises(ValidationErrors) as refused:
        checkins.record(store, facilitator, case_id, SECOND, Respondent.MANAGER, None, 120.0, clock=clock)
    assert {(e.key, e.field) for e in refused.value.errors} == {
        ("checkins.rating_required", "week_rating"), ("checkins.hours_range", "hours_worked"), ("checkins.not_due", "due_on"),
    }
    assert all(c.manager is None for c in checkins.case_checkins(store, facilitator, case_id, clock=clock))
    checkins.record(store, facilitator, case_id, FIRST, Respondent.MANAGER, 2, None, "", "Planning liep mis", "", clock, request="r1")
    checkins.record(store, facilitator, case_id, FIRST, Respondent.MANAGER, 2, None, "", "Planning liep mis", "", clock, request="r1")
    recorded = checkins.case_checkins(store, facilitator, case_id, clock=clock)[0].manager
    assert recorded.hindered == "Planning liep mis" and recorded.answered_by == facilitator.username and not recorded.by_party
    # Recorded for the manager: in the manager's own space, never in the employee's.
    assert [a.hindered for a in checkins.in_space(store, manager, clock).own] == ["Planning liep mis"]


def test_a_party_cannot_answer_a_check_in_that_is_not_under_way(store, back, clock):
    _, employee, _ = back
    with pytest.raises(ValidationError) as refused:
        checkins.answer_in_space(store, employee, SECOND, 3, clock=clock)
    assert refused.value.key == "checkins.closed"


def test_the_reboarding_checklist_is_on_the_home_page_only_in_the_week_before_the_return(store, facilitator, clock):
    back_on = date(2026, 12, 14)
    case_id = open_case(store, facilitator, sick_leave_start=date(2026, 5, 4), expected_return=back_on)
    intake.record_consent(store, facilitator, case_id, PROCESSING, True, date(2026, 6, 1))
    intake.save_contact_agreement(
        store, facilitator, case_id,
        ContactAgreement(ContactKeeper.MANAGER, colleagues_informed=True, workplace_ready=True, first_week_plan="Maandag: welkom"),
    )

    def listed(on: date) -> list[checkins.Reboarding]:
        return [r for r in checkins.reboarding_due(store, facilitator, clock=at(clock, on)) if r.case_id == case_id]

    assert listed(back_on - timedelta(days=8)) == []
    assert [r.still_open for r in listed(back_on - timedelta(days=7))] == [("manager_present_day_one", "accounts_ready")]
    assert [r.return_on for r in listed(back_on)] == [back_on]
    assert listed(back_on + timedelta(days=1)) == []


def test_a_case_already_back_when_the_check_ins_arrived_starts_with_them_off(store, facilitator, back, clock):
    case_id = back[0]
    coming = open_case(store, facilitator, "Lies Janssens", sick_leave_start=date(2026, 5, 4), expected_return=date.today() + timedelta(days=30))
    with store.transaction() as q:  # the database as it was before migration 031
        q.cur.execute("DROP TABLE checkin_answers; DROP SEQUENCE checkin_answer_ids; DROP TABLE checkin_rhythms")
        q.cur.execute("DELETE FROM schema_migrations WHERE version = 31")
    assert store.migrate() == [31]
    assert checkins.rhythm(store, facilitator, case_id, clock) == checkins.Rhythm(False, 4)
    assert checkins.rhythm(store, facilitator, coming, clock) == checkins.Rhythm(True, 4)
    assert not [s for s in followup.case_signals(store, facilitator, case_id, clock=at(clock, SECOND)) if "checkin" in s.key]
