from datetime import date, datetime

import pytest

from reset_core import intake, phases, services
from reset_core.errors import PermissionDenied
from reset_core.model import PROCESSING, Phase
from tests.conftest import Clock, open_case


def test_a_facilitator_sees_only_their_own_cases(store, facilitator, other_facilitator):
    open_case(store, facilitator, "Marc Verbeke")
    open_case(store, other_facilitator, "Hanne Vermeulen")
    assert [s.case.employee.name for s in services.list_cases(store, facilitator)] == ["Marc Verbeke"]


def test_a_facilitator_cannot_read_another_facilitators_case(store, facilitator, other_facilitator):
    case_id = open_case(store, facilitator)
    with pytest.raises(PermissionDenied):
        services.get_case(store, other_facilitator, case_id)
    with pytest.raises(PermissionDenied):
        services.case_history(store, other_facilitator, case_id)
    with pytest.raises(PermissionDenied):
        phases.correct(store, other_facilitator, case_id, Phase.PREPARATION, "Gesprek buiten de app")
    with pytest.raises(PermissionDenied):
        intake.load(store, other_facilitator, case_id)
    assert services.get_case(store, facilitator, case_id).phase is Phase.INTAKE


def test_the_refused_attempt_is_written_in_the_audit_log(store, facilitator, other_facilitator):
    case_id = open_case(store, facilitator)
    with pytest.raises(PermissionDenied):
        services.get_case(store, other_facilitator, case_id)
    with store.read() as q:
        entries = q.journal.audit_of_actor("olaf")
    assert [(e.case_id, e.action) for e in entries] == [(case_id, "case.denied")]


def test_an_admin_sees_accounts_but_not_case_contents(store, admin, facilitator):
    case_id = open_case(store, facilitator)
    with pytest.raises(PermissionDenied):
        services.list_cases(store, admin)
    with pytest.raises(PermissionDenied):
        services.get_case(store, admin, case_id)


def test_every_read_and_change_of_a_case_is_logged_with_who_and_when(store, facilitator):
    case_id = open_case(store, facilitator)
    intake.record_consent(store, facilitator, case_id, PROCESSING, True, date(2026, 6, 2))
    services.get_case(store, facilitator, case_id)
    phases.correct(store, facilitator, case_id, Phase.JOINT_DIALOGUE, "Beide gesprekken buiten de app gevoerd")
    history = services.case_history(store, facilitator, case_id)
    # The consent moved the case to preparation by itself: that move is logged with the consent.
    assert [(e.action, e.detail) for e in history] == [
        ("case.open", ""), ("case.phase", "preparation"), ("consent.give", PROCESSING), ("case.view", ""),
        ("case.phase_correct", "joint_dialogue"),
    ]
    assert {e.actor for e in history} == {"fien"}
    assert all(isinstance(e.at, datetime) for e in history)


def test_a_case_number_that_does_not_exist_is_refused_like_another_facilitators_and_both_are_logged(
    store, facilitator, other_facilitator
):
    theirs = open_case(store, other_facilitator)
    refusals = []
    for case_id in (theirs, theirs + 1000):
        with pytest.raises(PermissionDenied) as refused:
            services.get_case(store, facilitator, case_id)
        refusals.append((type(refused.value), refused.value.key, refused.value.params))
    assert refusals[0] == refusals[1]  # nothing tells which numbers exist
    with store.read() as q:
        denied = [(e.case_id, e.detail) for e in q.journal.audit_of_actor("fien") if e.action == "case.denied"]
    assert denied == [(theirs, "case.view"), (None, f"case.view on #{theirs + 1000}, which does not exist")]


def test_reading_the_list_of_cases_logs_whose_names_were_read(store, facilitator):
    first, second = open_case(store, facilitator), open_case(store, facilitator, "Sofie Claes")
    services.list_cases(store, facilitator)
    with store.read() as q:
        (listed,) = [e.detail for e in q.journal.audit_of_actor("fien") if e.action == "case.list"]
    assert listed == f"names of 2 cases read: #{first}, #{second}"


def test_the_case_list_shows_the_next_step_and_days_since_the_sick_leave_started(store, facilitator):
    open_case(store, facilitator)
    (summary,) = services.list_cases(store, facilitator, today=date(2026, 6, 11))
    assert summary.days_since_sick_leave == 10
    assert summary.next_step == "next_step.intake"




def test_the_case_keeps_when_it_entered_each_phase_for_its_timeline(store, facilitator):
    case_id = open_case(store, facilitator)
    clock = Clock(datetime(2026, 6, 10, 9, 0))
    intake.record_consent(store, facilitator, case_id, PROCESSING, True, date(2026, 6, 10), clock=clock)
    clock.now = datetime(2026, 7, 1, 14, 30)
    phases.correct(store, facilitator, case_id, Phase.JOINT_DIALOGUE, "Gesprekken buiten de app", clock)
    assert services.phase_changes(store, facilitator, case_id) == [
        (Phase.PREPARATION, datetime(2026, 6, 10, 9, 0)), (Phase.JOINT_DIALOGUE, datetime(2026, 7, 1, 14, 30)),
    ]


def views_of(store, case_id):
    with store.read() as q:
        return [e.detail for e in q.journal.audit_of_case(case_id) if e.action == "case.view"]


def test_a_page_run_that_reads_a_case_three_times_logs_one_view_naming_all_three_reads(store, facilitator):
    case_id = open_case(store, facilitator)
    with services.page_visit(store, facilitator):
        services.get_case(store, facilitator, case_id)
        services.allowance(store, facilitator, case_id)
        services.phase_changes(store, facilitator, case_id)
        services.allowance(store, facilitator, case_id)
        assert views_of(store, case_id) == []  # written when the run ends, in one transaction
    assert views_of(store, case_id) == ["allowed, phases"]


def test_outside_a_page_run_every_read_of_a_case_is_logged_on_its_own(store, facilitator):
    case_id = open_case(store, facilitator)
    services.allowance(store, facilitator, case_id)
    services.phase_changes(store, facilitator, case_id)
    assert views_of(store, case_id) == ["allowed", "phases"]


def test_a_page_run_ended_by_a_switch_or_an_error_still_logs_what_it_read(store, facilitator):
    case_id = open_case(store, facilitator)
    with pytest.raises(RuntimeError), services.page_visit(store, facilitator):
        services.allowance(store, facilitator, case_id)
        raise RuntimeError("st.switch_page ends a run by raising")
    assert views_of(store, case_id) == ["allowed"]


def test_a_page_run_logs_one_view_per_case_it_read_and_its_refusals_at_once(store, facilitator, other_facilitator):
    mine, also_mine = open_case(store, facilitator), open_case(store, facilitator, "Sofie Claes")
    theirs = open_case(store, other_facilitator, "An Peeters")
    with services.page_visit(store, facilitator):
        services.allowance(store, facilitator, mine)
        services.phase_changes(store, facilitator, also_mine)
        with pytest.raises(PermissionDenied):
            services.allowance(store, facilitator, theirs)
        with store.read() as q:  # a refusal does not wait for the end of the run
            assert [e.action for e in q.journal.audit_of_case(theirs) if e.actor == "fien"] == ["case.denied"]
    assert (views_of(store, mine), views_of(store, also_mine)) == (["allowed"], ["phases"])
    with store.read() as q:
        assert [e.action for e in q.journal.audit_of_case(theirs) if e.actor == "fien"] == ["case.denied"]


def test_a_write_during_a_page_run_is_logged_when_it_happens(store, facilitator):
    case_id = open_case(store, facilitator)
    intake.record_consent(store, facilitator, case_id, PROCESSING, True, date(2026, 6, 2))
    with services.page_visit(store, facilitator):
        phases.correct(store, facilitator, case_id, Phase.JOINT_DIALOGUE, "Beide gesprekken zijn op papier gevoerd.")
        with store.read() as q:
            assert "case.phase_correct" in [e.action for e in q.journal.audit_of_case(case_id)]
