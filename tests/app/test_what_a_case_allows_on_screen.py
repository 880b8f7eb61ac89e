"""What the screens say once the employee's basic consent is withdrawn or the case is
closed: the reason, instead of the questions, the joint screen or the controls."""

from datetime import date, timedelta

import pytest

from reset_core import dialogue, intake, scan
from reset_core.i18n import translate
from reset_core.instrument import load_instrument
from reset_core.model import PROCESSING, AtWorkNineMonths, GoalOwner, MomentKind, Respondent
from reset_core.scan import CURRENT_VERSION
from tests.app.conftest import app, app_store, open_page, texts
from tests.conftest import close_case, open_case

TODAY = date.today()
WITHDRAWN_ON = TODAY - timedelta(days=2)
GOAL = "EigenPlanningKiezen"
INSTRUMENT = load_instrument(CURRENT_VERSION)


@pytest.fixture
def case_id(fien):
    store = app_store()
    case_id = open_case(store, fien, "Marc Verbeke", sick_leave_start=TODAY - timedelta(days=200), actual_return=TODAY - timedelta(days=40))
    intake.record_consent(store, fien, case_id, PROCESSING, True, TODAY - timedelta(days=190))
    dialogue.add_goal(store, fien, case_id, "autonomy", GoalOwner.EMPLOYEE, GOAL, "Na een maand", MomentKind.M3)
    return case_id


@pytest.fixture
def token(fien, case_id):
    _, tokens = scan.create_moment(app_store(), fien, case_id, MomentKind.M3, TODAY)
    return tokens[Respondent.EMPLOYEE]


def withdraw(fien, case_id):
    intake.record_consent(app_store(), fien, case_id, PROCESSING, False, WITHDRAWN_ON)


def respondent_page(token: str):
    at = app()
    at.query_params["t"] = token
    return at.run()


def test_a_respondent_whose_consent_was_withdrawn_reads_why_and_gets_no_question(fien, case_id, token):
    withdraw(fien, case_id)
    at = respondent_page(token)
    assert not at.exception
    assert [i.value for i in at.info] == [translate("allowed.link_stopped", "nl")]
    assert not at.radio and not at.button and not at.error


def test_a_respondent_halfway_whose_consent_is_withdrawn_reads_why_at_the_next_click(fien, case_id, token):
    at = respondent_page(token)
    at.button(key="answer_next").click().run()  # into the first theme
    first = INSTRUMENT.items_for(INSTRUMENT.themes()[0])[0]
    withdraw(fien, case_id)
    at.radio(key=f"answer_{first.id}").set_value(3).run()
    assert not at.exception
    assert translate("allowed.link_stopped", "nl") in texts(at)
    assert not [r for r in at.radio if r.key and r.key.startswith("answer_")]
    with app_store().read() as q:
        assert not any(r.answers for r in q.scans.responses_of_case(case_id))  # the click saved nothing


def test_a_respondent_of_a_closed_case_reads_that_it_takes_no_answers(fien, case_id, token):
    close_case(app_store(), fien, case_id, at_work_9m=AtWorkNineMonths.NOT_KNOWN)
    at = respondent_page(token)
    assert not at.exception
    assert [i.value for i in at.info] == [translate("allowed.link_closed", "nl")]
    assert not at.radio and not at.button


def test_the_joint_screen_says_why_once_the_consent_is_withdrawn_and_shows_nothing_of_the_case(fien, case_id):
    withdraw(fien, case_id)
    at = open_page("dialogue", case_id=case_id)
    assert not at.exception
    reason = translate("allowed.consent_withdrawn", "nl", date=f"{WITHDRAWN_ON:%d/%m/%Y}")
    assert reason in [w.value for w in at.warning]
    assert GOAL not in texts(at)
    assert not [b for b in at.button if b.key == "dialogue_present"]


def test_the_projected_joint_screen_says_only_that_it_cannot_be_shown(fien, case_id):
    at = open_page("dialogue", case_id=case_id)
    at.button(key="dialogue_present").click().run()
    while not at.button(key="presentation_next").disabled:  # on to the goals
        at.button(key="presentation_next").click().run()
    assert GOAL in texts(at)
    withdraw(fien, case_id)
    at.run()  # the projector redraws
    assert not at.exception
    shown = texts(at)
    assert translate("dialogue.unavailable_presenting", "nl") in shown
    assert GOAL not in shown and WITHDRAWN_ON.strftime("%d/%m/%Y") not in shown


def test_the_joint_screen_of_a_closed_case_is_read_only_and_says_why(fien, case_id):
    close_case(app_store(), fien, case_id, at_work_9m=AtWorkNineMonths.NOT_KNOWN)
    at = open_page("dialogue", case_id=case_id)
    assert not at.exception
    assert GOAL in texts(at)
    assert any(w.value.startswith("Dit dossier is afgesloten op") for w in at.warning)
    assert not at.checkbox and not at.text_area
    assert not [b for b in at.button if b.key and b.key.startswith("dialogue_drop_")]
