"""The hours a party gives in a check-in of the first weeks back feed the early sign about
the build-up: more than the agreed step (with its margin) is a sign worded about the
situation, never the person."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest

from reset_core import agreement, checkins, followup
from reset_core.i18n import translate
from reset_core.model import (
    AdjustmentArea,
    Assessment,
    AssessmentOutcome,
    CraftingAim,
    PlanAdjustment,
    Respondent,
    SchedulePeriod,
    Signer,
)
from tests.conftest import Clock, open_formal_case

OFFERED = date(2026, 9, 1)
RETURN = date(2026, 9, 7)  # a Monday: the check-ins fall on 14/9, 21/9, 28/9, ...
STEP_TWO = RETURN + timedelta(days=14)  # 21/9 to 18/10: 30,4 hours a week agreed (before: 50 %, 19 hours)


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 9, 1, 10, 0))


@pytest.fixture
def case_id(store, facilitator, clock):
    """A case back at work on 7/9 with a signed plan: a first step in percent, then 30,4 hours a week."""
    case_id = open_formal_case(
        store, facilitator, assessed_on=date(2026, 6, 1), consent_on=date(2026, 3, 20), clock=clock,
        growth_reason="Eerst rust", sick_leave_start=date(2026, 3, 2), expected_return=RETURN,
        assessment=Assessment(AssessmentOutcome.A, date(2026, 6, 1), "Aangepast werk, progressieve opbouw"),
    )
    agreement.start(store, facilitator, case_id, clock)
    first = agreement.load(store, facilitator, case_id, clock).version(1)
    content = replace(
        first.content, contract_hours=38.0,
        adjustments=(PlanAdjustment(AdjustmentArea.WORKLOAD, CraftingAim.LOWER_HINDERING_DEMAND, "Geen piekdagen"),),
        schedule=(
            SchedulePeriod(RETURN, RETURN + timedelta(days=13), None, 50.0, 3.0, "Bijlezen"),
            SchedulePeriod(STEP_TWO, RETURN + timedelta(days=41), 30.4, None, 4.0, "Eigen taken"),
        ),
    )
    version = agreement.save_draft(store, facilitator, case_id, 1, content, first.revision, clock)
    agreement.offer(store, facilitator, case_id, 1, OFFERED, version.revision, clock)
    for signer, name in ((Signer.EMPLOYEE, "Zoë Çelik-D'hondt"), (Signer.MANAGER, "Katrien De Smet"), (Signer.FACILITATOR, "Fien Facilitator")):
        clock.now += timedelta(minutes=5)
        agreement.sign(store, facilitator, case_id, 1, signer, name, confirmed=True, paper_date=OFFERED, clock=clock)
    return case_id


def hours_signs(store, facilitator, case_id, clock):
    # Check-ins left unanswered are signs of their own (tests/integration/test_checkins.py).
    return [s for s in followup.case_signals(store, facilitator, case_id, clock=clock) if s.rule.startswith("signal.hours")]


def test_a_check_in_with_more_hours_than_the_agreed_step_raises_the_build_up_sign(store, facilitator, case_id, clock):
    clock.now = datetime(2026, 9, 29, 10, 0)
    checkins.record(store, facilitator, case_id, date(2026, 9, 28), Respondent.EMPLOYEE, 4, hours_worked=36.0, clock=clock)
    (sign,) = hours_signs(store, facilitator, case_id, clock)
    assert (sign.rule, sign.params) == ("signal.hours_ahead_checkin", {"worked": 36.0, "planned": 30.4, "date": date(2026, 9, 28)})
    assert sign in followup.all_signals(store, facilitator, clock=clock)  # the home page reads it too
    worded = translate(sign.rule, "nl", worked="36", planned="30,4", date="28/09/2026")
    assert worded.startswith("De opbouw loopt sneller dan afgesproken")
    for label in ("in gevaar", "herval", "risico"):
        assert label not in worded.casefold()
    # The facilitator can note what was done about it, like any sign.
    followup.note_signal(store, facilitator, case_id, sign.key, "Samen de week herbekeken", clock)
    (noted,) = hours_signs(store, facilitator, case_id, clock)
    assert noted.note == "Samen de week herbekeken"


def test_a_check_in_within_the_agreed_step_raises_no_sign(store, facilitator, case_id, clock):
    clock.now = datetime(2026, 9, 29, 10, 0)
    # 32 hours against 30,4: within a week's ups and downs (the margin is 2 hours).
    checkins.record(store, facilitator, case_id, date(2026, 9, 28), Respondent.EMPLOYEE, 4, hours_worked=32.0, clock=clock)
    checkins.record(store, facilitator, case_id, date(2026, 9, 28), Respondent.MANAGER, 4, hours_worked=30.0, clock=clock)
    assert hours_signs(store, facilitator, case_id, clock) == []


def test_a_step_agreed_in_percent_is_read_in_hours_of_the_contract(store, facilitator, case_id, clock):
    clock.now = datetime(2026, 9, 15, 10, 0)
    # The first step: 50 % of 38 hours, so 19 hours a week agreed.
    checkins.record(store, facilitator, case_id, date(2026, 9, 14), Respondent.EMPLOYEE, 3, hours_worked=20.0, clock=clock)
    assert hours_signs(store, facilitator, case_id, clock) == []
    checkins.record(store, facilitator, case_id, date(2026, 9, 14), Respondent.MANAGER, 3, hours_worked=24.0, clock=clock)
    assert [s.params for s in hours_signs(store, facilitator, case_id, clock)] == [{"worked": 24.0, "planned": 19.0, "date": date(2026, 9, 14)}]


def test_the_latest_report_counts_and_either_partys_hours_are_read(store, facilitator, case_id, clock):
    clock.now = datetime(2026, 9, 29, 10, 0)
    checkins.record(store, facilitator, case_id, date(2026, 9, 21), Respondent.EMPLOYEE, 3, hours_worked=38.0, clock=clock)
    assert [s.params["date"] for s in hours_signs(store, facilitator, case_id, clock)] == [date(2026, 9, 21)]
    # A week later the build-up is back on track as the employee tells it, but the
    # manager saw more hours: either party seeing the build-up run ahead is reason to talk.
    checkins.record(store, facilitator, case_id, date(2026, 9, 28), Respondent.EMPLOYEE, 4, hours_worked=30.0, clock=clock)
    assert hours_signs(store, facilitator, case_id, clock) == []
    checkins.record(store, facilitator, case_id, date(2026, 9, 28), Respondent.MANAGER, 4, hours_worked=35.0, clock=clock)
    assert [s.params for s in hours_signs(store, facilitator, case_id, clock)] == [{"worked": 35.0, "planned": 30.4, "date": date(2026, 9, 28)}]


def test_a_follow_up_talk_after_the_check_in_takes_over(store, facilitator, case_id, clock):
    from reset_core.model import Decision, Participants

    clock.now = datetime(2026, 9, 30, 10, 0)
    checkins.record(store, facilitator, case_id, date(2026, 9, 28), Respondent.EMPLOYEE, 4, hours_worked=36.0, clock=clock)
    followup.record_followup(
        store, facilitator, case_id, "m3", date(2026, 9, 30), Participants.JOINT, Decision.CONTINUE, hours_worked=31.0, clock=clock,
    )
    assert hours_signs(store, facilitator, case_id, clock) == []
