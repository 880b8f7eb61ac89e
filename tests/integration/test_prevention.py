"""The evaluation at the end of a trajectory and the prevention actions it gives, against
a real database: each party's own evaluation kept apart until the joint part, actions
with owner, due date, status and level, their status changes logged, the committee's
export without names, and the learning view that keeps the minimum group."""

from datetime import date, datetime, timedelta

import pytest

from reset_core import closing, history, learning, party_space, prevention, services
from reset_core.errors import PermissionDenied, ValidationError, ValidationErrors
from reset_core.i18n import describe
from reset_core.model import PROCESSING, ActionLevel, ActionStatus, AtWorkNineMonths, Phase, Respondent
from reset_core.storage import Store
from tests.conftest import Clock, close_case, open_case

TODAY = date.today()
SICK = TODAY - timedelta(days=400)
RETURNED = TODAY - timedelta(days=300)


def in_follow_up(store, facilitator, name="Marc Verbeke") -> int:
    from reset_core import intake

    case_id = open_case(store, facilitator, name=name, sick_leave_start=SICK, actual_return=RETURNED)
    intake.record_consent(store, facilitator, case_id, PROCESSING, True, SICK + timedelta(days=20))
    assert services.get_case(store, facilitator, case_id).phase is Phase.FOLLOW_UP
    return case_id


@pytest.fixture
def case_id(store, facilitator):
    return in_follow_up(store, facilitator)


def space_of(store, facilitator, case_id, respondent) -> str:
    return party_space.issue_link(store, facilitator, case_id, respondent)


def test_each_partys_own_evaluation_stays_theirs_until_the_joint_part(store, facilitator, case_id):
    employee = space_of(store, facilitator, case_id, Respondent.EMPLOYEE)
    manager = space_of(store, facilitator, case_id, Respondent.MANAGER)
    assert prevention.evaluation_open(store, employee)
    prevention.give_own(store, employee, "De kleine stappen.", "Het overleg viel weg.", "Pieken spreiden.")
    prevention.record_own(store, facilitator, case_id, Respondent.MANAGER, "Het wekelijkse gesprek.", "Sneller bijsturen.", "")

    # Each party reads only their own; the joint screen shows neither before the joint part.
    assert prevention.own_in_space(store, employee).went_well == "De kleine stappen."
    assert prevention.own_in_space(store, manager).went_well == "Het wekelijkse gesprek."
    assert prevention.own_in_space(store, manager).respondent is Respondent.MANAGER
    before = prevention.joint_screen(store, facilitator, case_id)
    assert (before.started, before.own) == (False, {})

    prevention.start_joint(store, facilitator, case_id)
    after = prevention.joint_screen(store, facilitator, case_id)
    assert after.started
    assert {r: e.went_well for r, e in after.own.items()} == {
        Respondent.EMPLOYEE: "De kleine stappen.", Respondent.MANAGER: "Het wekelijkse gesprek.",
    }
    # What lay on the table stays as it was given.
    with pytest.raises(ValidationError) as refused:
        prevention.give_own(store, employee, "Iets anders.", "", "")
    assert refused.value.key == "prevention.joint_started"
    assert not prevention.evaluation_open(store, employee)
    assert prevention.own_in_space(store, employee).went_well == "De kleine stappen."


def test_the_joint_part_waits_for_both_own_evaluations_and_says_whose_is_missing(store, facilitator, case_id):
    prevention.record_own(store, facilitator, case_id, Respondent.EMPLOYEE, "De opbouw.", "", "")
    with pytest.raises(ValidationError) as refused:
        prevention.start_joint(store, facilitator, case_id)
    assert refused.value.key == "prevention.own_missing_manager"
    assert describe(refused.value, "nl") == "De eigen evaluatie van de leidinggevende ontbreekt nog."
    assert not prevention.load(store, facilitator, case_id).joint_started


def test_an_empty_own_evaluation_is_refused_and_nothing_is_saved(store, facilitator, case_id):
    with pytest.raises(ValidationError) as refused:
        prevention.record_own(store, facilitator, case_id, Respondent.EMPLOYEE, "  ", "", "")
    assert refused.value.key == "prevention.evaluation_empty"
    assert prevention.load(store, facilitator, case_id).own == {}


def test_an_action_with_every_problem_gets_every_message_at_once(store, facilitator, case_id):
    with pytest.raises(ValidationErrors) as refused:
        prevention.add_action(store, facilitator, case_id, "", "x" * 201, None, None, None)
    assert {e.field: e.key for e in refused.value.errors} == {
        "description": "prevention.description_required", "owner": "prevention.too_long",
        "level": "prevention.level_required", "theme": "prevention.theme_required",
    }
    assert prevention.load(store, facilitator, case_id).actions == ()


def test_an_action_that_names_the_employee_or_the_manager_is_refused(store, facilitator, case_id):
    with pytest.raises(ValidationErrors) as refused:
        prevention.add_action(
            store, facilitator, case_id, "Marc minder piekwerk geven.", "Katrien", TODAY, ActionLevel.TEAM, "hindering_demands",
        )
    assert {e.field for e in refused.value.errors} == {"description", "owner"}
    assert {e.key for e in refused.value.errors} == {"prevention.names_someone"}


def test_a_double_click_adds_one_action(store, facilitator, case_id):
    for _ in range(2):
        prevention.add_action(
            store, facilitator, case_id, "Pieken spreiden.", "HR", TODAY + timedelta(days=60), ActionLevel.TEAM,
            "hindering_demands", request="r1",
        )
    assert len(prevention.load(store, facilitator, case_id).actions) == 1


def test_a_status_change_is_logged_with_its_case_from_what_to_what(store, facilitator, admin, case_id):
    action = prevention.add_action(
        store, facilitator, case_id, "Pieken spreiden.", "HR", TODAY + timedelta(days=60), ActionLevel.ORGANISATION,
        "hindering_demands",
    )
    assert action.status is ActionStatus.OPEN
    prevention.set_status(store, admin, action.id, ActionStatus.IN_PROGRESS)
    prevention.set_status(store, admin, action.id, ActionStatus.IN_PROGRESS)  # no change: nothing logged
    assert [a.status for a in prevention.action_list(store, admin)] == [ActionStatus.IN_PROGRESS]
    with store.read() as q:
        logged = [(e.actor, e.detail) for e in q.journal.audit_of_case(case_id) if e.action == "prevention.status"]
    assert logged == [("admin", "open -> in_progress")]
    lines = history.case_history(store, facilitator, case_id, "nl", kind="closing")
    assert ("Ada Admin", "Stand van een preventieactie gewijzigd") in [(line.who, line.what) for line in lines]


def test_only_an_administrator_changes_an_actions_status(store, facilitator, case_id):
    action = prevention.add_action(store, facilitator, case_id, "Pieken spreiden.", "HR", None, ActionLevel.TEAM, "hindering_demands")
    with pytest.raises(PermissionDenied):
        prevention.set_status(store, facilitator, action.id, ActionStatus.DONE)


def test_the_committees_export_holds_the_actions_with_belgian_dates_and_no_names(store, facilitator, admin, case_id):
    prevention.add_action(
        store, facilitator, case_id, "Roosters vier weken vooraf vastleggen.", "Planning", date(2026, 11, 27),
        ActionLevel.POLICY, "conditions_schedule",
    )
    close_case(store, facilitator, case_id)  # its free-text action becomes a record too
    text = prevention.to_csv(prevention.action_list(store, admin), "nl").decode("utf-8-sig")
    assert "Roosters vier weken vooraf vastleggen.;Planning;27/11/2026;open" in text
    assert "Werkdruk vooraf bekijken bij elke grote verandering." in text
    assert "Beleid" in text and "Organisatie" in text
    for name in ("Marc", "Verbeke", "Katrien", "De Smet", f"#{case_id}"):
        assert name not in text


def test_a_closings_free_text_action_is_kept_as_one_record_and_follows_its_correction(store, facilitator, case_id):
    close_case(store, facilitator, case_id, prevention_action="Eerste tekst.", prevention_theme="hindering_demands")
    close_case(store, facilitator, case_id, prevention_action="Verbeterde tekst.", prevention_theme="social_support")
    actions = prevention.load(store, facilitator, case_id).actions
    assert [(a.description, a.theme, a.level) for a in actions] == [("Verbeterde tekst.", "social_support", ActionLevel.ORGANISATION)]
    current = closing.load(store, facilitator, case_id).current
    assert actions[0].closing_id == current.id
    assert (current.prevention_action, current.prevention_theme) == ("Verbeterde tekst.", "social_support")
    with store.read() as q:  # typed once, stored once: the closing keeps no copy of its own
        assert q.cur.execute("SELECT prevention_action FROM closings").fetchall() == [("",)]


def test_an_action_emptied_in_the_closing_stays_a_record_but_no_longer_the_closings(store, facilitator, case_id):
    close_case(store, facilitator, case_id, prevention_action="Eerste tekst.", prevention_theme="hindering_demands")
    close_case(store, facilitator, case_id, prevention_action="", prevention_theme=None)
    assert closing.load(store, facilitator, case_id).current.prevention_action == ""
    actions = prevention.load(store, facilitator, case_id).actions
    assert [(a.description, a.closing_id) for a in actions] == [("Eerste tekst.", None)]


def test_an_old_closings_single_action_is_migrated_into_a_record(tmp_path):
    """A database from before migration 030 keeps its closing's action as a record."""
    path, key = tmp_path / "old.duckdb", "k0123456789abcdefgh"
    before = Store(path, key)
    with before.transaction() as q:  # back to the database as it was before 030, with an old closing
        q.cur.execute("DROP TABLE own_evaluations; DROP TABLE joint_evaluations; DROP TABLE prevention_actions")
        q.cur.execute("DROP SEQUENCE prevention_action_ids; DELETE FROM schema_migrations WHERE version = 30")
        q.cur.execute(
            "INSERT INTO closings (case_id, closed_on, outcome, at_work_9m, prevention_action, prevention_theme, "
            "closed_by, closed_at, updated_by, updated_at) VALUES (7, DATE '2025-03-01', 'own_job', 'yes', "
            "'Werkdruk vooraf bekijken.', 'hindering_demands', 'fien', TIMESTAMP '2025-03-01 10:00', 'fien', "
            "TIMESTAMP '2025-03-01 10:00')"
        )
    before.close()
    after = Store(path, key)
    try:
        assert 30 in after.migrated
        with after.read() as q:
            actions = q.prevention.actions_of(7)
        assert [(a.description, a.theme, a.status, a.level) for a in actions] == [
            ("Werkdruk vooraf bekijken.", "hindering_demands", ActionStatus.OPEN, ActionLevel.ORGANISATION),
        ]
    finally:
        after.close()


def test_the_learning_view_shows_which_actions_came_from_which_theme_and_hides_small_themes(store, facilitator, admin):
    clock = Clock(datetime.now() - timedelta(days=200))  # closings of a quarter that has ended
    for n in range(5):
        case_id = in_follow_up(store, facilitator, name=f"Persoon Nummer{n}")
        close_case(store, facilitator, case_id, closed_on=clock.now.date(), prevention_action="",
                   prevention_theme=None, at_work_9m=AtWorkNineMonths.NOT_KNOWN, clock=clock)
        prevention.add_action(store, facilitator, case_id, "Pieken spreiden.", "HR", None, ActionLevel.TEAM,
                              "hindering_demands", clock=clock)
        if n < 2:  # a theme of two cases only: under the minimum of 5
            prevention.add_action(store, facilitator, case_id, "Roosters vroeger vastleggen.", "Planning", None,
                                  ActionLevel.POLICY, "conditions_schedule", clock=clock)
    view = learning.view(store, admin)
    assert view.min_group == 5
    assert [(g.key, g.cases, g.items) for g in view.prevention] == [
        ("hindering_demands", 5, ((("team", "Pieken spreiden."), 5),)),
    ]
    exported = learning.to_csv(view, "nl").decode("utf-8-sig")
    assert "Pieken spreiden." in exported and "Roosters vroeger vastleggen." not in exported


def test_the_demo_has_a_closed_case_whose_evaluation_gave_prevention_actions(demo_store):
    from reset_core import accounts

    users = {u.username: u for u in accounts.login_directory(demo_store)}
    with demo_store.read() as q:
        case = next(c for c in q.cases.all_cases() if c.details.employee.name == "Nathalie Goossens")
    owner = users[case.facilitator]
    record = prevention.load(demo_store, owner, case.id)
    assert record.case.phase is Phase.CLOSED and record.joint_started
    assert set(record.own) == set(Respondent)
    mine = [a for a in record.actions if a.closing_id is None]
    assert {a.level for a in mine} == set(ActionLevel) and all(a.owner and a.due_on for a in mine)
    listed = prevention.action_list(demo_store, users["demo-admin"])
    assert ActionStatus.IN_PROGRESS in {a.status for a in listed} and len(listed) > len(mine)
