"""The closing and learning pages through AppTest: a case closed with lessons and
reopened with a reason, and the learning view with the organisation's figures."""

from datetime import date, datetime, timedelta

import pytest

from reset_core import closing, intake, learning, services
from reset_core.model import PROCESSING, AtWorkNineMonths, ClosingOutcome, LessonLevel, Phase, Role
from tests.app.conftest import account, app_store, open_page, submit_button, texts
from tests.conftest import open_case

TODAY = date.today()
SICK = TODAY - timedelta(days=500)
RETURNED = TODAY - timedelta(days=400)  # nine months before CLOSED
# The learning view counts closings of ended quarters only: these were closed and recorded
# a hundred days ago, in a quarter that has ended.
CLOSED = TODAY - timedelta(days=100)


def back_then() -> datetime:
    return datetime.now() - timedelta(days=100)


NAMES = ["Kristof Van den Broeck", "Evelien Martens", "Dries Van Damme", "Sarah De Backer", "Yasmina Benali"]


def ready_case(fien, name="Marc Verbeke") -> int:
    case_id = open_case(app_store(), fien, name, sick_leave_start=SICK, actual_return=RETURNED)
    intake.record_consent(app_store(), fien, case_id, PROCESSING, True, SICK + timedelta(days=10))
    return case_id  # in follow-up by its facts: consent, and back at work since RETURNED


def test_a_facilitator_closes_a_case_adds_a_lesson_and_sees_it_closed(fien):
    case_id = ready_case(fien)
    at = open_page("closing", case_id=case_id)
    assert not at.exception
    at.selectbox(key=f"closing_outcome_{case_id}_new").select(ClosingOutcome.OWN_JOB)
    at.radio(key=f"closing_at_work_9m_{case_id}_new").set_value(AtWorkNineMonths.YES)
    at.text_area(key=f"closing_prevention_action_{case_id}_new").input("Werkdruk vooraf bekijken.")
    at.selectbox(key=f"closing_prevention_theme_{case_id}_new").select("hindering_demands")
    submit_button(at, f"closing_form_{case_id}_new", "Dossier afsluiten").click().run()
    assert not at.exception
    assert "Het dossier is afgesloten." in texts(at)
    assert services.get_case(app_store(), fien, case_id).phase is Phase.CLOSED
    at.selectbox(key="closing_lesson_level").select(LessonLevel.TEAM)
    at.selectbox(key="closing_lesson_theme").select("team_relations")
    at.text_area(key="closing_lesson_text").input("Een buddy in het team maakte de eerste weken lichter.")
    submit_button(at, "closing_lesson", "Les toevoegen").click().run()
    assert "De les is toegevoegd." in texts(at)
    assert "Een buddy in het team maakte de eerste weken lichter." in texts(at)
    lessons = closing.load(app_store(), fien, case_id).current.lessons
    assert [(l.level, l.theme) for l in lessons] == [(LessonLevel.TEAM, "team_relations")]


@pytest.mark.parametrize(
    ("outcome", "closed_on", "message"),
    [
        (None, TODAY, "Kies de uitkomst van het traject."),
        (ClosingOutcome.RELAPSE, TODAY + timedelta(days=2), "De afsluiting kan niet in de toekomst liggen."),
        (ClosingOutcome.RELAPSE, SICK - timedelta(days=2), "vóór de start van het ziekteverlof"),
    ],
)
def test_a_bad_closing_is_explained_on_the_page_and_the_case_stays_open(fien, outcome, closed_on, message):
    case_id = ready_case(fien)
    at = open_page("closing", case_id=case_id)
    if outcome:
        at.selectbox(key=f"closing_outcome_{case_id}_new").select(outcome)
    at.date_input(key=f"closing_closed_on_{case_id}_new").set_value(closed_on)
    submit_button(at, f"closing_form_{case_id}_new", "Dossier afsluiten").click().run()
    assert not at.exception
    assert message in texts(at)
    assert services.get_case(app_store(), fien, case_id).phase is Phase.FOLLOW_UP


def test_reopening_on_the_page_needs_a_reason(fien):
    case_id = ready_case(fien)
    closing.save_closing(app_store(), fien, case_id, TODAY, ClosingOutcome.RELAPSE, AtWorkNineMonths.NO)
    at = open_page("closing", case_id=case_id)
    assert "Dit dossier is afgesloten op" in texts(at)
    at.button(key="FormSubmitter:closing_reopen-Heropenen").click().run()
    assert "Geef de reden om het dossier te heropenen." in texts(at)
    assert services.get_case(app_store(), fien, case_id).phase is Phase.CLOSED
    at.text_area(key="closing_reopen_reason").input("Nieuwe signalen; extra opvolging afgesproken.")
    at.button(key="FormSubmitter:closing_reopen-Heropenen").click().run()
    assert "Het dossier is heropend en staat terug in de fase Opvolging." in texts(at)
    assert services.get_case(app_store(), fien, case_id).phase is Phase.FOLLOW_UP


def close_five(fien):
    for name in NAMES:
        case_id = ready_case(fien, name)
        closing.save_closing(
            app_store(), fien, case_id, CLOSED, ClosingOutcome.OWN_JOB, AtWorkNineMonths.YES,
            "Piekmomenten spreiden over het team.", "hindering_demands", clock=back_then,
        )


def test_the_admin_sees_the_organisations_figures_and_no_name_on_the_learning_page(fien):
    account("beheer", "Beheer", Role.ADMIN)
    close_five(fien)
    at = open_page("learning", "beheer")
    assert not at.exception
    shown = texts(at)
    assert "Aan het werk in de eigen functie" in shown
    assert "Piekmomenten spreiden over het team." in shown
    assert not any(name in shown for name in NAMES + ["Katrien De Smet"])
    assert at.get("download_button")  # the CSV export


def test_the_admin_sets_the_minimum_group_size_on_the_page(fien):
    account("beheer", "Beheer", Role.ADMIN)
    for name in NAMES[:3]:
        case_id = ready_case(fien, name)
        closing.save_closing(app_store(), fien, case_id, CLOSED, ClosingOutcome.OWN_JOB, AtWorkNineMonths.YES, clock=back_then)
    at = open_page("learning", "beheer")
    assert "Nog te weinig dossiers" in texts(at)
    at.number_input(key="learning_min_group").set_value(3)
    at.button(key="FormSubmitter:learning_setting-Instellen").click().run()
    assert "De minimale groepsgrootte is nu 3." in texts(at)
    assert "Aan het werk in de eigen functie" in texts(at)
    assert learning.min_group(app_store()) == 3


def test_a_facilitator_with_too_few_cases_sees_nothing_but_the_rule(fien):
    close_five(fien)
    account("olaf", "Olaf")
    at = open_page("learning", "olaf")
    assert not at.exception
    assert "Nog te weinig dossiers om iets te tonen" in texts(at)
    assert "Piekmomenten" not in texts(at)
