"""Forms on the page: a double click makes one thing, and bad input gets every message
at once, each next to its field.

A double click sends the same drawn form twice: the second click comes from the
screen drawn before the first click's effect. Here that screen is the element tree
of the first run, clicked and run again."""

from datetime import date, timedelta

from reset_core import closing, dialogue, intake, scan, services
from reset_core.model import PROCESSING, LessonLevel, Phase
from tests.app.conftest import app_store, open_page, submit_button, texts
from tests.conftest import open_case


def double_click(button):
    """Click the button, then click it again on the screen it was on."""
    button.click().run()
    return button.click().run()


def consented_case(fien, **details) -> int:
    case_id = open_case(app_store(), fien, "Marc Verbeke", **details)
    intake.record_consent(app_store(), fien, case_id, PROCESSING, True, date.today() - timedelta(days=1))
    return case_id


def test_a_double_click_on_creating_a_scan_moment_makes_one_moment_with_one_link_pair(fien):
    case_id = consented_case(fien)
    at = open_page("scan", case_id=case_id)
    at = double_click(submit_button(at, "scan_new", "Scanmoment aanmaken met twee links"))
    assert not at.exception
    assert len(scan.overview(app_store(), fien, case_id)) == 1
    with app_store().read() as q:
        live = q.cur.execute("SELECT count(*) FROM scan_links WHERE case_id = ? AND revoked_at IS NULL", [case_id]).fetchone()[0]
    assert live == 2
    shown = [c.value.split("t=")[1] for c in at.code]
    assert len(shown) == 2 and all(scan.open_link(app_store(), token) for token in shown)


def test_a_moment_nobody_answered_is_withdrawn_from_the_page(fien):
    case_id = consented_case(fien)
    moment, _ = scan.create_moment(app_store(), fien, case_id, "t0", date.today())
    at = open_page("scan", case_id=case_id)
    at.button(key=f"scan_withdraw_{moment.id}").click().run()
    assert not at.exception
    assert "Het scanmoment is ingetrokken" in texts(at)
    assert scan.overview(app_store(), fien, case_id) == []


def test_a_double_click_on_adding_a_goal_agrees_one_goal(fien):
    case_id = consented_case(fien)
    at = open_page("dialogue", case_id=case_id)
    at.text_area(key="dialogue_goal_description").input("Twee dagen thuiswerk per week")
    at.text_area(key="dialogue_goal_indicator").input("Energie minstens 3 op de scan")
    at = double_click(submit_button(at, "dialogue_goal", "Doel toevoegen"))
    assert not at.exception
    assert [g.description for g in dialogue.goals(app_store(), fien, case_id)] == ["Twee dagen thuiswerk per week"]


def closed_case(fien) -> int:
    sick = date.today() - timedelta(days=400)
    case_id = consented_case(fien, sick_leave_start=sick, actual_return=sick + timedelta(days=60))
    closing.save_closing(app_store(), fien, case_id, date.today(), "own_job")
    return case_id


def test_a_double_click_on_adding_a_lesson_adds_one_lesson(fien):
    case_id = closed_case(fien)
    at = open_page("closing", case_id=case_id)
    at.selectbox(key="closing_lesson_level").select(LessonLevel.TEAM)
    at.text_area(key="closing_lesson_text").input("Een buddy maakte de eerste weken lichter.")
    at = double_click(submit_button(at, "closing_lesson", "Les toevoegen"))
    assert not at.exception
    assert len(closing.load(app_store(), fien, case_id).current.lessons) == 1


def test_the_intake_form_shows_every_bad_date_at_once_and_saves_nothing(fien):
    at = open_page("intake")
    sick = date.today() - timedelta(days=60)
    for name, value in (("employee_name", "Marc Verbeke"), ("manager_name", "Katrien De Smet")):
        at.text_input(key=f"intake_{name}_new").input(value)
    at.date_input(key="intake_sick_leave_start_new").set_value(sick)
    at.date_input(key="intake_intake_date_new").set_value(date.today() + timedelta(days=3))
    at.date_input(key="intake_expected_return_new").set_value(sick - timedelta(days=5))
    submit_button(at, "intake_case_new", "Dossier openen").click().run()
    errors = [e.value for e in at.error]
    assert intake_message("intake.intake_in_future") in errors
    assert intake_message("intake.return_before_sick_leave") in errors
    assert services.list_cases(app_store(), fien) == []


def test_the_intake_form_shows_a_missing_name_and_a_missing_date_together(fien):
    at = open_page("intake")
    at.text_input(key="intake_manager_name_new").input("Katrien De Smet")
    submit_button(at, "intake_case_new", "Dossier openen").click().run()
    errors = [e.value for e in at.error]
    assert errors.count(intake_message("intake.required")) == 2  # the employee's name and the sick leave start


def intake_message(key: str) -> str:
    from reset_core.i18n import translate

    return translate(key, "nl")


def test_the_closing_form_shows_the_missing_outcome_and_the_bad_date_together(fien):
    sick = date.today() - timedelta(days=400)
    case_id = consented_case(fien, sick_leave_start=sick, actual_return=sick + timedelta(days=60))
    at = open_page("closing", case_id=case_id)
    at.date_input(key=f"closing_closed_on_{case_id}_new").set_value(date.today() + timedelta(days=5))
    submit_button(at, f"closing_form_{case_id}_new", "Dossier afsluiten").click().run()
    errors = [e.value for e in at.error]
    assert intake_message("closing.outcome_required") in errors
    assert intake_message("closing.date_in_future") in errors
    assert services.get_case(app_store(), fien, case_id).phase is Phase.FOLLOW_UP


def test_the_account_form_shows_every_problem_at_once(fien):
    from reset_core.model import Role
    from tests.app.conftest import account

    account("ada", "Ada Admin", Role.ADMIN)
    at = open_page("accounts", "ada")
    at.text_input(key="accounts_add_username").input("x y")
    at.text_input(key="accounts_add_password").input("kort")
    at.text_input(key="accounts_add_repeat").input("anders")
    submit_button(at, "accounts_add", "Account toevoegen").click().run()
    errors = [e.value for e in at.error]
    for key in ("account.username_invalid", "account.name_empty", "account.password_too_short", "account.passwords_differ"):
        assert any(e.startswith(intake_message(key).split("{")[0]) for e in errors), key
