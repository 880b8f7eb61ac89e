"""The follow-up and home pages on the demo data, through AppTest."""

import pytest

from reset_core import agreement, followup
from reset_core.model import Decision, Role, User
from tests.app.conftest import app_store, logged_in, open_page, submit_button, texts
from ui.focus import FOCUS


@pytest.fixture
def demo(demo_config):
    return User("demo", "An Vercammen", Role.FACILITATOR)


def page(case_id=None):
    return open_page("followup", "demo", case_id)


def case_of(employee: str) -> int:
    with app_store().read() as q:
        return next(c.id for c in q.cases.cases_of("demo") if c.employee.name == employee)


def test_the_home_page_shows_the_due_rescan_and_the_early_signs(demo):
    at = logged_in("demo").run()
    page_text = texts(at)
    assert "Nieuwe scan (6 maanden)" in page_text
    assert "loopt twee opvolgingen na elkaar moeilijk" in page_text and "in gevaar" not in page_text


def test_a_follow_up_with_goal_reviews_is_recorded_on_the_page(demo):
    case_id = case_of("Ahmed El Amrani")
    at = page(case_id)
    assert not at.exception
    before = len(followup.followups(app_store(), demo, case_id))
    at.text_area(key="followup_works").input("Het weekoverleg helpt")
    at.number_input(key="followup_hours_worked").set_value(24.5)
    submit_button(at, "followup_record", "Opvolggesprek noteren").click().run()
    assert "Het opvolggesprek is genoteerd." in texts(at)
    assert len(followup.followups(app_store(), demo, case_id)) == before + 1
    assert "24,5 uur per week gewerkt" in texts(at)  # in the history, in Belgian format


def test_an_early_sign_can_be_noted_on_the_case(demo):
    case_id = case_of("Ahmed El Amrani")
    at = page(case_id)
    forms = [f for f in at.text_input if f.key and f.key.startswith("followup_signal_")]
    forms[0].input("Buddy gewisseld")
    at.button(key=f"FormSubmitter:{forms[0].key.removesuffix('_note')}-Notitie opslaan").click().run()
    assert "Buddy gewisseld" in texts(at)


def test_deciding_to_adjust_opens_a_new_plan_version_and_leads_to_it(demo):
    case_id = case_of("Ahmed El Amrani")
    versions_before = [v.number for v in agreement.load(app_store(), demo, case_id).versions]
    at = page(case_id)
    at.radio(key="followup_decision").set_value(Decision.ADJUST)
    submit_button(at, "followup_record", "Opvolggesprek noteren").click().run()
    assert "Dit veld is verplicht." in texts(at)  # the reason for the new version
    assert [v.number for v in agreement.load(app_store(), demo, case_id).versions] == versions_before

    at.radio(key="followup_decision").set_value(Decision.ADJUST)
    at.text_area(key="followup_adjust_reason").input("De buddy heeft te weinig tijd; we zoeken een andere.")
    submit_button(at, "followup_record", "Opvolggesprek noteren").click().run()
    plan = agreement.load(app_store(), demo, case_id)
    assert [v.number for v in plan.versions] == versions_before + [versions_before[-1] + 1]
    assert plan.current.reason == "De buddy heeft te weinig tijd; we zoeken een andere."
    assert f"Versie {plan.current.number} van het plan staat klaar" in texts(at)
    at.button(key=next(b.key for b in at.button if b.label == "Naar het plan")).click().run()
    assert not at.exception
    assert at.title[0].value == "Re-integratieplan"
    assert at.session_state[FOCUS] == case_id
    assert "Ahmed El Amrani" in texts(at)
