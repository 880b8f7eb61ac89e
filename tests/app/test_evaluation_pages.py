"""The evaluation through AppTest: a party gives their own look back in their space, the
other party's space never shows it; the administrator moves an action's status."""

from datetime import date, timedelta

from reset_core import intake, party_space, prevention
from reset_core.model import PROCESSING, ActionLevel, ActionStatus, Respondent, Role
from tests.app.conftest import account, app_store, open_page, space_page, texts
from tests.conftest import open_case


def follow_up_case(fien) -> int:
    today = date.today()
    case_id = open_case(app_store(), fien, "Marc Verbeke", sick_leave_start=today - timedelta(days=300),
                        actual_return=today - timedelta(days=200))
    intake.record_consent(app_store(), fien, case_id, PROCESSING, True, today - timedelta(days=280))
    return case_id



def test_the_employees_look_back_given_in_their_space_never_shows_in_the_managers(fien):
    case_id = follow_up_case(fien)
    employee = party_space.issue_link(app_store(), fien, case_id, Respondent.EMPLOYEE)
    manager = party_space.issue_link(app_store(), fien, case_id, Respondent.MANAGER)
    at = space_page(employee)
    assert "Terugblik" in texts(at)
    at.text_area(key="space_evaluation_went_well").input("De kleine stappen hielpen.")
    at.button[-1].click().run()
    assert not at.exception
    assert "Je terugblik is bewaard." in texts(at)
    assert prevention.own_in_space(app_store(), employee).went_well == "De kleine stappen hielpen."
    assert "De kleine stappen hielpen." not in texts(space_page(manager))


def test_the_administrator_moves_an_actions_status_and_the_case_history_keeps_it(fien):
    ada = account("ada", "Ada Admin", Role.ADMIN)
    case_id = follow_up_case(fien)
    action = prevention.add_action(app_store(), fien, case_id, "Pieken spreiden.", "HR", date(2026, 11, 27),
                                   ActionLevel.TEAM, "hindering_demands")
    at = open_page("prevention", "ada")
    page = texts(at)
    assert "Pieken spreiden." in page and "Marc Verbeke" not in page and "27/11/2026" in page
    at.selectbox(key=f"prevention_status_{action.id}").select(ActionStatus.DONE).run()
    assert not at.exception
    assert [a.status for a in prevention.action_list(app_store(), ada)] == [ActionStatus.DONE]
    with app_store().read() as q:
        assert [e.detail for e in q.journal.audit_of_case(case_id) if e.action == "prevention.status"] == ["open -> done"]
