from datetime import date, datetime

import pytest

from reset_core import services
from reset_core.errors import NotFound, PermissionDenied, ValidationError
from reset_core.model import Party, PartyRole, Phase
from reset_core.store import Store


def open_case(store: Store, facilitator, employee: str = "Marc Verbeke") -> int:
    return services.open_case(
        store,
        facilitator,
        Party(PartyRole.EMPLOYEE, employee, "Vertegenwoordiger", "Verkoop"),
        Party(PartyRole.MANAGER, "Katrien De Smet", "Salesmanager"),
        date(2026, 6, 1),
    ).id


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
        services.set_phase(store, other_facilitator, case_id, Phase.CLOSED)
    assert services.get_case(store, facilitator, case_id).phase is Phase.INTAKE


def test_the_refused_attempt_is_written_in_the_audit_log(store, facilitator, other_facilitator):
    case_id = open_case(store, facilitator)
    with pytest.raises(PermissionDenied):
        services.get_case(store, other_facilitator, case_id)
    with store.read() as q:
        entries = q.audit_of_actor("olaf")
    assert [(e.case_id, e.action) for e in entries] == [(case_id, "case.denied")]


def test_an_admin_sees_accounts_but_not_case_contents(store, admin, facilitator):
    case_id = open_case(store, facilitator)
    with pytest.raises(PermissionDenied):
        services.list_cases(store, admin)
    with pytest.raises(PermissionDenied):
        services.get_case(store, admin, case_id)


def test_every_read_and_change_of_a_case_is_logged_with_who_and_when(store, facilitator):
    case_id = open_case(store, facilitator)
    services.get_case(store, facilitator, case_id)
    services.set_phase(store, facilitator, case_id, Phase.PREPARATION)
    history = services.case_history(store, facilitator, case_id)
    assert [e.action for e in history] == ["case.open", "case.view", "case.view", "case.phase", "case.history"]
    assert {e.actor for e in history} == {"fien"}
    assert all(isinstance(e.at, datetime) for e in history)


def test_an_unknown_case_is_reported_as_not_found(store, facilitator):
    with pytest.raises(NotFound):
        services.get_case(store, facilitator, 999)


def test_the_case_list_shows_the_next_step_and_days_since_the_sick_leave_started(store, facilitator):
    open_case(store, facilitator)
    (summary,) = services.list_cases(store, facilitator, today=date(2026, 6, 11))
    assert summary.days_since_sick_leave == 10
    assert summary.next_step == "next_step.intake"


@pytest.mark.parametrize(
    ("employee", "field"),
    [("", "employee_name"), ("   ", "employee_name"), ("x" * 101, "employee_name")],
)
def test_a_case_without_a_proper_employee_name_is_not_saved(store, facilitator, employee, field):
    with pytest.raises(ValidationError) as err:
        open_case(store, facilitator, employee)
    assert err.value.field == field
    assert services.list_cases(store, facilitator) == []


def test_a_sick_leave_starting_in_the_future_is_refused(store, facilitator):
    with pytest.raises(ValidationError) as err:
        services.open_case(
            store, facilitator, Party(PartyRole.EMPLOYEE, "A"), Party(PartyRole.MANAGER, "B"), date(2999, 1, 1)
        )
    assert err.value.field == "sick_leave_start"
