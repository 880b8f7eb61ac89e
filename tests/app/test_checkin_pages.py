"""The check-ins of the first weeks back on screen: the party's space, the follow-up page
and the home page's reboarding checklist, through AppTest."""

from datetime import date, timedelta

import pytest

from reset_core import checkins, intake, party_space
from reset_core.model import PROCESSING, ContactAgreement, ContactKeeper, Respondent
from tests.app.conftest import app_store, logged_in, open_page, space_page, submit_button, texts
from tests.conftest import open_case


@pytest.fixture
def back(fien):
    """A case back at work ten days ago: its first check-in's day has come, the second's not yet."""
    back_on = date.today() - timedelta(days=10)
    case_id = open_case(app_store(), fien, "Marc Verbeke", sick_leave_start=back_on - timedelta(days=120), expected_return=back_on, actual_return=back_on)
    intake.record_consent(app_store(), fien, case_id, PROCESSING, True, back_on - timedelta(days=60))
    return case_id



def test_the_employee_answers_the_check_in_in_their_space_and_the_manager_never_reads_it(fien, back):
    employee = party_space.issue_link(app_store(), fien, back, Respondent.EMPLOYEE)
    at = space_page(employee)
    assert not at.exception
    assert "Check-in van" in texts(at) and "Je leidinggevende ziet ze niet." in texts(at)
    at.text_area(key="space_checkin_helped").input("EMPLOYEE-PRIVATE-MARKER")
    submit_button(at, "space_checkin", "Versturen").click().run()
    assert "Kies hoe de week verliep, van 1 tot 5." in texts(at)  # nothing kept, the text stays
    assert at.text_area(key="space_checkin_helped").value == "EMPLOYEE-PRIVATE-MARKER"
    at.radio(key="space_checkin_rating").set_value(2)
    submit_button(at, "space_checkin", "Versturen").click().run()
    assert "Bedankt, je check-in is verstuurd." in texts(at) and "Er wacht nu geen check-in op jou." in texts(at)
    [answered] = [c for c in checkins.case_checkins(app_store(), fien, back) if c.employee]
    assert (answered.employee.week_rating, answered.employee.helped) == (2, "EMPLOYEE-PRIVATE-MARKER")
    manager = space_page(party_space.issue_link(app_store(), fien, back, Respondent.MANAGER))
    assert "Check-in van" in texts(manager) and "EMPLOYEE-PRIVATE-MARKER" not in texts(manager)
    facilitator = open_page("followup", "fien", back)
    assert not facilitator.exception and "EMPLOYEE-PRIVATE-MARKER" in texts(facilitator)


def test_the_facilitator_records_a_check_in_on_the_follow_up_page(fien, back):
    at = open_page("followup", "fien", back)
    assert not at.exception and "Check-ins in de eerste weken" in texts(at)
    at.radio(key="followup_checkin_party").set_value(Respondent.MANAGER)
    at.radio(key="followup_checkin_rating").set_value(4)
    at.text_area(key="followup_checkin_hindered").input("De planning liep mis")
    submit_button(at, "followup_checkin", "Check-in noteren").click().run()
    assert not at.exception and "De check-in is genoteerd." in texts(at)
    [recorded] = [c.manager for c in checkins.case_checkins(app_store(), fien, back) if c.manager]
    assert recorded.hindered == "De planning liep mis" and recorded.answered_by == "fien"


def test_the_home_page_shows_the_reboarding_checklist_with_what_is_open_in_the_week_before_the_return(fien):
    case_id = open_case(app_store(), fien, "Lies Janssens", sick_leave_start=date.today() - timedelta(days=90), expected_return=date.today() + timedelta(days=5))
    intake.record_consent(app_store(), fien, case_id, PROCESSING, True, date.today() - timedelta(days=30))
    intake.save_contact_agreement(app_store(), fien, case_id, ContactAgreement(ContactKeeper.MANAGER, workplace_ready=True))
    later = open_case(app_store(), fien, "Rik Smets", sick_leave_start=date.today() - timedelta(days=90), expected_return=date.today() + timedelta(days=12))
    intake.record_consent(app_store(), fien, later, PROCESSING, True, date.today() - timedelta(days=30))
    page = texts(logged_in("fien").run())
    assert "Terugkeer binnen de week" in page and "Lies Janssens\\: terug op" in page  # as Markdown, escaped
    assert "De leidinggevende is aanwezig op de eerste dag" in page and "Werkplek en materiaal zijn klaar" not in page
    assert "Rik Smets\\: terug op" not in page  # twelve days away: not yet
