"""The agreement page through AppTest: a facilitator makes the plan, the three parties
confirm, the PDF comes out with the schedule, the goals and the confirmations."""

import io
from datetime import date, timedelta

import pytest
from pypdf import PdfReader

from reset_core import accounts, agreement, dialogue, intake
from reset_core.model import COMMAND_LINE, PROCESSING, AgreementStatus, GoalOwner, MomentKind, Role, Signer
from tests.app.conftest import app_store, open_page, texts
from tests.conftest import PASSWORD, open_case

RETURN = date.today() + timedelta(days=7)


@pytest.fixture
def case_id(fien):
    store = app_store()
    case_id = open_case(store, fien, "Zoë Çelik-D'hondt", sick_leave_start=date.today() - timedelta(days=120), expected_return=RETURN)
    intake.record_consent(store, fien, case_id, PROCESSING, True, date.today() - timedelta(days=100))
    dialogue.add_goal(store, fien, case_id, "recovery_energy", GoalOwner.EMPLOYEE, "Elke dag een échte middagpauze", "Herstel scoort 3 of meer", MomentKind.M3)
    return case_id


def agreement_page(case_id, username="fien"):
    return open_page("agreement", username, case_id)


def edits(*rows: dict) -> dict:
    """What the data editor keeps in the session after rows were added in the browser."""
    return {"edited_rows": {}, "added_rows": list(rows), "deleted_rows": []}


def fill_plan(at, schedule_rows, suffix="1_1"):
    at.number_input(key=f"agreement_contract_hours_{suffix}").set_value(38.0)
    at.session_state[f"agreement_adjustments_{suffix}"] = edits(
        {"area": "relations_support", "aim": "raise_resource", "text": "Elke vrijdag een gesprek met de leidinggevende"},
    )
    at.session_state[f"agreement_schedule_{suffix}"] = edits(*schedule_rows)
    return at.button(key=f"FormSubmitter:agreement_plan_{suffix}-Ontwerp opslaan").click().run()


def iso(day: date) -> str:
    return day.isoformat()


GOOD_SCHEDULE = (
    {"start": iso(RETURN), "end": iso(RETURN + timedelta(days=13)), "days": 3, "percent": 50, "tasks": "Bijlezen en inloggen"},
    {"start": iso(RETURN + timedelta(days=14)), "end": iso(RETURN + timedelta(days=27)), "days": 4, "hours": 30.4, "tasks": "Eigen taken"},
)


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())


def test_a_facilitator_makes_the_plan_all_three_confirm_and_the_pdf_holds_it_all(fien, case_id):
    at = agreement_page(case_id)
    assert "nog geen re-integratieplan" in texts(at)
    at.button(key="agreement_start").click().run()
    assert "Versie 1 van het re-integratieplan is aangemaakt" in texts(at)

    at = fill_plan(at, GOOD_SCHEDULE)
    assert not at.exception
    assert "Opgeslagen." in texts(at)
    saved = agreement.load(app_store(), fien, case_id).version(1)
    assert [(p.hours_per_week, p.percent) for p in saved.content.schedule] == [(19.0, 50.0), (30.4, 80.0)]

    at.button(key="agreement_offer_button").click().run()
    assert "aangeboden ter ondertekening" in texts(at)
    deadline = (date.today() + timedelta(days=14)).strftime("%d/%m/%Y")
    assert f"tot en met {deadline}" in texts(at)
    for signer in Signer:
        at.checkbox(key=f"agreement_sign_{signer.value}_tick").check()
        at.button(key=f"FormSubmitter:agreement_sign_{signer.value}-Bevestigen").click().run()
        assert not at.exception
    assert agreement.load(app_store(), fien, case_id).version(1).status is AgreementStatus.SIGNED
    assert "Versie 1 - ondertekend" in texts(at)

    at.button(key="agreement_make_pdf").click().run()
    assert at.download_button(key="agreement_download_pdf")
    assert at.download_button(key="agreement_download_ics")
    text = pdf_text(at.session_state["agreement_pdf"][1])
    assert "Zoë Çelik-D'hondt" in text
    assert "Bijlezen en inloggen" in text and "30,4" in text and RETURN.strftime("%d/%m/%Y") in text
    assert "Elke dag een échte middagpauze" in text
    today = date.today().strftime("%d/%m/%Y")
    for name in ("Zoë Çelik-D'hondt", "Katrien De Smet", "Fien Peeters"):
        assert f"{name} {today}" in text


def test_an_overlapping_schedule_is_explained_next_to_the_table_and_nothing_is_saved(fien, case_id):
    agreement.start(app_store(), fien, case_id)
    at = agreement_page(case_id)
    overlapping = (GOOD_SCHEDULE[0], {**GOOD_SCHEDULE[1], "start": iso(RETURN + timedelta(days=10))})
    at = fill_plan(at, overlapping)
    assert not at.exception
    assert "Periode 2 overlapt met periode 1." in texts(at)
    assert agreement.load(app_store(), fien, case_id).version(1).content.schedule == ()


def test_hours_above_the_contract_are_explained_on_the_page(fien, case_id):
    agreement.start(app_store(), fien, case_id)
    at = fill_plan(agreement_page(case_id), ({**GOOD_SCHEDULE[0], "percent": None, "hours": 40},))
    assert "Periode 1: 40 uren per week is meer dan de contractuele 38 uren." in texts(at)


def test_a_refusal_needs_reasons_and_then_locks_the_version(fien, case_id):
    store = app_store()
    agreement.start(store, fien, case_id)
    at = fill_plan(agreement_page(case_id), GOOD_SCHEDULE)
    at.button(key="agreement_offer_button").click().run()
    at.button(key="FormSubmitter:agreement_refuse-Weigering registreren").click().run()
    assert "Een weigering vraagt de redenen van de medewerker." in texts(at)
    at.text_area(key="agreement_refusal_reasons").input("De opbouw gaat te snel voor mij.")
    at.button(key="FormSubmitter:agreement_refuse-Weigering registreren").click().run()
    assert "De weigering is geregistreerd." in texts(at)
    assert "De opbouw gaat te snel voor mij." in texts(at)
    assert agreement.load(store, fien, case_id).version(1).status is AgreementStatus.REFUSED


def test_a_signed_plan_shows_no_form_and_a_new_version_needs_a_reason(fien, case_id):
    store = app_store()
    agreement.start(store, fien, case_id)
    at = fill_plan(agreement_page(case_id), GOOD_SCHEDULE)
    version = agreement.load(store, fien, case_id).version(1)
    agreement.offer(store, fien, case_id, 1, date.today(), version.revision)
    for signer in Signer:
        agreement.sign(store, fien, case_id, 1, signer, signer.value, confirmed=True)
    at = agreement_page(case_id)
    assert "kan niet meer gewijzigd worden" in texts(at)
    assert not [b for b in at.button if "agreement_plan" in (b.key or "")]
    at.button(key="FormSubmitter:agreement_new_version-Nieuwe versie maken").click().run()
    assert "Dit veld is verplicht." in texts(at)
    at.text_area(key="agreement_new_reason").input("De relaties in het team vragen een tweede ronde.")
    at.button(key="FormSubmitter:agreement_new_version-Nieuwe versie maken").click().run()
    assert "Versie 2 is aangemaakt als ontwerp." in texts(at)
    plan = agreement.load(store, fien, case_id)
    assert [v.status for v in plan.versions] == [AgreementStatus.SIGNED, AgreementStatus.DRAFT]


def test_a_second_facilitator_does_not_see_the_plan(fien, case_id):
    accounts.add_user(app_store(), COMMAND_LINE, "olaf", "Olaf", PASSWORD, Role.FACILITATOR)
    agreement.start(app_store(), fien, case_id)
    at = agreement_page(case_id, "olaf")
    assert "Je hebt nog geen dossiers." in texts(at)
    assert "Zoë" not in texts(at)


def test_changing_only_the_hours_of_a_saved_period_recalculates_its_percentage(fien, case_id):
    agreement.start(app_store(), fien, case_id)
    at = fill_plan(agreement_page(case_id), GOOD_SCHEDULE)
    at.session_state["agreement_schedule_1_2"] = {"edited_rows": {0: {"hours": 20.9}}, "added_rows": [], "deleted_rows": []}
    at.button(key="FormSubmitter:agreement_plan_1_2-Ontwerp opslaan").click().run()
    assert "Opgeslagen." in texts(at)
    schedule = agreement.load(app_store(), fien, case_id).version(1).content.schedule
    assert [(p.hours_per_week, p.percent) for p in schedule] == [(20.9, 55.0), (30.4, 80.0)]


def test_a_new_contract_total_keeps_the_hours_and_recalculates_the_percentages(fien, case_id):
    agreement.start(app_store(), fien, case_id)
    at = fill_plan(agreement_page(case_id), GOOD_SCHEDULE)
    at.number_input(key="agreement_contract_hours_1_2").set_value(40.0)
    at.button(key="FormSubmitter:agreement_plan_1_2-Ontwerp opslaan").click().run()
    schedule = agreement.load(app_store(), fien, case_id).version(1).content.schedule
    assert [(p.hours_per_week, p.percent) for p in schedule] == [(19.0, 47.5), (30.4, 76.0)]
