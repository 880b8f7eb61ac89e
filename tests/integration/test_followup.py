"""Follow-up against a real database: schedule, records, closed cases, signals."""

from datetime import date, timedelta

import pytest

from reset_core import dialogue, followup, intake, moments, services
from reset_core.errors import PermissionDenied, Unavailable, ValidationError
from reset_core.model import (
    PROCESSING,
    AtWorkNineMonths,
    Decision,
    GoalOwner,
    GoalReview,
    GoalStatus,
    MomentKind,
    Participants,
    Phase,
    ScheduledMoment,
)
from tests.conftest import close_case, open_case

TODAY = date.today()
RETURNED = TODAY - timedelta(days=230)  # m3 and m6 lie behind, m6 more than 30 days


@pytest.fixture
def case_id(store, facilitator):
    case_id = open_case(store, facilitator, sick_leave_start=TODAY - timedelta(days=400), actual_return=RETURNED)
    intake.record_consent(store, facilitator, case_id, PROCESSING, True, TODAY - timedelta(days=390))
    return case_id  # in follow-up by its facts: back at work since RETURNED


def record(store, actor, case_id, kind="m3", **kw):
    values = dict(held_on=RETURNED + timedelta(days=95), participants=Participants.JOINT, decision=Decision.CONTINUE)
    values.update(kw)
    return followup.record_followup(store, actor, case_id, kind, **values)


def test_the_schedule_is_proposed_from_the_return_and_can_be_edited_with_an_extra_moment(store, facilitator, case_id):
    proposed = followup.schedule(store, facilitator, case_id)
    assert [m.kind for m in proposed] == ["m3", "m6", "m9"]
    edited = [ScheduledMoment("m3", proposed[0].due_on + timedelta(days=7)), *proposed[1:], ScheduledMoment("extra1", TODAY)]
    followup.save_schedule(store, facilitator, case_id, edited)
    assert [m.kind for m in followup.schedule(store, facilitator, case_id)] == ["m3", "m6", "extra1", "m9"]


def test_a_moment_before_the_return_is_refused(store, facilitator, case_id):
    with pytest.raises(ValidationError) as err:
        followup.save_schedule(store, facilitator, case_id, [ScheduledMoment("m3", RETURNED - timedelta(days=1))])
    assert err.value.field == "due_m3"


def test_a_follow_up_with_goal_reviews_is_kept_and_moves_the_case_into_follow_up(store, facilitator, case_id):
    goal = dialogue.add_goal(store, facilitator, case_id, "social_support", GoalOwner.TEAM, "Een buddy", "Wekelijks contact", MomentKind.M3)
    record(store, facilitator, case_id, reviews=[GoalReview(goal.id, GoalStatus.AT_RISK, "Weinig tijd")], continuum="surviving", works="Pauzes")
    (kept,) = followup.followups(store, facilitator, case_id)
    assert kept.reviews == (GoalReview(goal.id, GoalStatus.AT_RISK, "Weinig tijd"),)
    assert services.get_case(store, facilitator, case_id).phase is Phase.FOLLOW_UP


def test_a_closed_case_gets_no_new_follow_up(store, facilitator, case_id):
    close_case(store, facilitator, case_id, at_work_9m=AtWorkNineMonths.NOT_KNOWN)
    with pytest.raises(Unavailable) as err:
        record(store, facilitator, case_id)
    assert err.value.key == "allowed.closed"
    with pytest.raises(Unavailable):
        followup.save_schedule(store, facilitator, case_id, moments.proposed_schedule(RETURNED))
    assert followup.followups(store, facilitator, case_id) == []


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"held_on": "tomorrow"}, "held_on"), ({"held_on": RETURNED - timedelta(days=1)}, "held_on"),
     ({"kind": "m12"}, "kind"), ({"continuum": "fine"}, "continuum"), ({"works": "x" * 2001}, "works"),
     ({"hours_worked": -1.0}, "hours_worked"), ({"hours_worked": 80.5}, "hours_worked")],
)
def test_a_bad_follow_up_is_refused_at_its_field(store, facilitator, case_id, changes, field):
    changes = dict(changes)
    kind = changes.pop("kind", "m3")
    if changes.get("held_on") == "tomorrow":  # read when the test runs: a run may pass midnight
        changes["held_on"] = date.today() + timedelta(days=1)
    with pytest.raises(ValidationError) as err:
        record(store, facilitator, case_id, kind, **changes)
    assert err.value.field == field


def test_a_review_of_a_goal_of_another_case_is_refused(store, facilitator, case_id):
    other = open_case(store, facilitator, "Sofie Claes")
    stranger = dialogue.add_goal(store, facilitator, other, "autonomy", GoalOwner.EMPLOYEE, "X", "Y", MomentKind.M3)
    with pytest.raises(ValidationError):
        record(store, facilitator, case_id, reviews=[GoalReview(stranger.id, GoalStatus.REACHED)])


def test_due_items_list_the_overdue_follow_ups_and_rescans_of_the_own_cases_only(store, facilitator, other_facilitator, case_id):
    items = followup.due_items(store, facilitator, today=TODAY)
    assert {(i.kind, i.what) for i in items} == {("m3", "followup"), ("m3", "rescan"), ("m6", "followup"), ("m6", "rescan")}
    assert followup.due_items(store, other_facilitator, today=TODAY) == []


def test_an_overdue_follow_up_and_two_risky_reviews_raise_signals_that_can_be_noted(store, facilitator, case_id):
    goal = dialogue.add_goal(store, facilitator, case_id, "social_support", GoalOwner.TEAM, "Een buddy", "Wekelijks contact", MomentKind.M3)
    followup.save_schedule(store, facilitator, case_id, [*moments.proposed_schedule(RETURNED), ScheduledMoment("extra1", RETURNED + timedelta(days=30))])
    for kind in ("extra1", "m3"):
        record(store, facilitator, case_id, kind, reviews=[GoalReview(goal.id, GoalStatus.AT_RISK)])
    signals = followup.case_signals(store, facilitator, case_id, today=TODAY)
    assert {s.rule for s in signals} == {"signal.social_goal_at_risk", "signal.followup_overdue"}
    overdue = next(s for s in signals if s.rule == "signal.followup_overdue")
    followup.note_signal(store, facilitator, case_id, overdue.key, "Gebeld en nieuwe datum geprikt")
    noted = next(s for s in followup.case_signals(store, facilitator, case_id, today=TODAY) if s.key == overdue.key)
    assert noted.note == "Gebeld en nieuwe datum geprikt"


def test_another_facilitator_cannot_follow_up_the_case(store, other_facilitator, case_id):
    with pytest.raises(PermissionDenied):
        record(store, other_facilitator, case_id)
    with pytest.raises(PermissionDenied):
        followup.case_signals(store, other_facilitator, case_id)


def test_the_signals_across_all_cases_are_those_of_each_case_and_each_read_is_logged(demo_store):
    from reset_core import accounts

    demo = next(u for u in accounts.login_directory(demo_store) if u.username == "demo")
    following = [s.case.id for s in services.list_cases(demo_store, demo) if s.case.phase is not Phase.CLOSED]
    one_by_one = [s for case_id in following for s in followup.case_signals(demo_store, demo, case_id, today=TODAY)]
    assert one_by_one  # the demo's follow-up case has a social goal at risk twice
    assert followup.all_signals(demo_store, demo, today=TODAY) == one_by_one
    with demo_store.read() as q:
        for case_id in following:
            assert any(e.action == "case.view" and e.detail == "early signs" for e in q.journal.audit_of_case(case_id))
