"""The scan pages: the facilitator's and the respondent's, through AppTest."""

from datetime import date

import pytest

from reset_core import scan
from reset_core.instrument import load_instrument
from reset_core.model import MomentKind, Respondent
from tests.app.conftest import app, app_store, open_page, submit_button, texts
from tests.conftest import open_case

INSTRUMENT = load_instrument(1)


@pytest.fixture
def case_id(fien):
    return open_case(app_store(), fien, "Marc Verbeke")


def respondent_page(token: str):
    at = app()
    at.query_params["t"] = token
    return at.run()


def scan_page(case_id: int):
    return open_page("scan", case_id=case_id)


def test_a_facilitator_creates_a_moment_and_gets_two_links(fien, case_id):
    at = scan_page(case_id)
    submit_button(at, "scan_new", "Scanmoment aanmaken met twee links").click().run()
    assert not at.exception
    links = [c.value for c in at.code]
    assert len(links) == 2 and all("/?t=" in link for link in links)
    token = links[0].split("t=")[1]
    assert scan.open_link(app_store(), token).respondent in (Respondent.EMPLOYEE, Respondent.MANAGER)
    assert "nog niet geopend" in texts(at) or "bezig" in texts(at)


def test_a_link_page_shows_no_menu_no_names_and_no_other_case(fien, case_id):
    _, tokens = scan.create_moment(app_store(), fien, case_id, MomentKind.T0, date.today())
    at = respondent_page(tokens[Respondent.MANAGER])
    page = texts(at)
    assert "ReSet-scan" in page
    assert "Marc Verbeke" not in page and "Katrien" not in page and "Fien" not in page
    assert len(at.sidebar.selectbox) == 0


def test_a_bad_token_gets_one_friendly_message(fien, case_id):
    at = respondent_page("forged-token-value")
    assert "Deze link werkt niet (meer)" in texts(at)


def test_a_respondent_answers_step_by_step_and_submits(fien, case_id):
    _, tokens = scan.create_moment(app_store(), fien, case_id, MomentKind.T0, date.today())
    at = respondent_page(tokens[Respondent.EMPLOYEE])
    at.button(key="answer_next_0").click().run()
    for step, theme in enumerate(INSTRUMENT.themes(), start=1):
        for item in INSTRUMENT.items_for(theme):
            at.radio(key=f"answer_{item.id}").set_value(4).run()
        assert "Dit deel is volledig." in texts(at)
        at.button(key=f"answer_next_{step}").click().run()
    at.radio(key="answer_continuum").set_value("surviving").run()
    at.text_area(key="answer_open_employee_energy_now").input("Mijn klanten").run()
    at.button(key=f"answer_next_{len(INSTRUMENT.themes()) + 1}").click().run()
    assert "Alles is beantwoord." in texts(at)
    at.button(key="answer_submit").click().run()
    assert "Bedankt!" in texts(at)
    session = scan.open_link(app_store(), tokens[Respondent.EMPLOYEE])
    assert session.response.submitted
    assert session.response.open_answers["employee_energy_now"] == "Mijn klanten"


def test_answers_given_in_one_session_are_there_in_a_new_one(fien, case_id):
    _, tokens = scan.create_moment(app_store(), fien, case_id, MomentKind.T0, date.today())
    at = respondent_page(tokens[Respondent.MANAGER])
    at.button(key="answer_next_0").click().run()
    first = INSTRUMENT.items_for(INSTRUMENT.themes()[0])[0]
    at.radio(key=f"answer_{first.id}").set_value(2).run()
    again = respondent_page(tokens[Respondent.MANAGER])  # the tab was closed
    again.button(key="answer_next_0").click().run()
    assert again.radio(key=f"answer_{first.id}").value == 2


def test_submitting_with_gaps_says_how_many_answers_are_missing(fien, case_id):
    _, tokens = scan.create_moment(app_store(), fien, case_id, MomentKind.T0, date.today())
    at = respondent_page(tokens[Respondent.MANAGER])
    at.session_state["answer_step"] = len(INSTRUMENT.themes()) + 2
    at.run()
    at.button(key="answer_submit").click().run()
    assert f"Er ontbreken nog {len(INSTRUMENT.items)} antwoorden" in texts(at)


def test_the_facilitator_sees_the_comparison_once_both_submitted(fien, case_id):
    _, tokens = scan.create_moment(app_store(), fien, case_id, MomentKind.T0, date.today())
    for respondent, value in ((Respondent.EMPLOYEE, 2), (Respondent.MANAGER, 4)):
        for item in INSTRUMENT.items:
            scan.save_answer(app_store(), tokens[respondent], item.id, value)
    scan.save_continuum(app_store(), tokens[Respondent.EMPLOYEE], "struggling")
    scan.submit(app_store(), tokens[Respondent.EMPLOYEE])
    at = scan_page(case_id)
    assert "Nog niet ingediend door: leidinggevende" in texts(at)
    scan.submit(app_store(), tokens[Respondent.MANAGER])
    at = scan_page(case_id)
    page = texts(at)
    assert "Beide partijen naast elkaar" in page
    assert "verschil om te bespreken" in page
    at.button(key="scan_report_make").click().run()
    assert not at.exception


def test_an_answer_the_page_holds_is_saved_even_when_its_change_callback_did_not_run(fien, case_id):
    # In a real browser, quick clicks can be folded into one rerun and a change callback
    # can be lost: the radio shows the answer, the database does not have it.
    _, tokens = scan.create_moment(app_store(), fien, case_id, MomentKind.T0, date.today())
    at = respondent_page(tokens[Respondent.EMPLOYEE])
    at.button(key="answer_next_0").click().run()
    items = INSTRUMENT.items_for(INSTRUMENT.themes()[0])
    for item in items[:-1]:
        at.radio(key=f"answer_{item.id}").set_value(4).run()
    at.session_state[f"answer_{items[-1].id}"] = 2  # held by the page, no callback
    at.run()
    assert not at.exception
    assert scan.resume(app_store(), tokens[Respondent.EMPLOYEE]).response.answers[items[-1].id] == 2
    assert "Dit deel is volledig." in texts(at)
