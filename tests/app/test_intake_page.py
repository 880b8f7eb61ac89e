"""The intake page: the happy path and every validation message, through AppTest."""

from datetime import date, timedelta

import pytest

from reset_core import accounts, intake, phases
from reset_core.model import COMMAND_LINE, PROCESSING, PersonRole, Phase, Role, person_subject
from tests.app.conftest import app_store, open_page, submit_button, texts
from tests.conftest import PASSWORD, open_case
from ui.focus import NEW, PICKER


def intake_page(username="fien", case_id=None):
    return open_page("intake", username, case_id)


def fill_new_case(at, **values):
    defaults = {
        "employee_name": "Marc Verbeke",
        "employee_job_title": "Vertegenwoordiger",
        "employee_department": "Verkoop",
        "manager_name": "Katrien De Smet",
        "manager_job_title": "Salesmanager",
    }
    defaults.update({k: v for k, v in values.items() if isinstance(v, str)})
    for name, value in defaults.items():
        at.text_input(key=f"intake_{name}_new").input(value)
    dates = {"sick_leave_start": date.today() - timedelta(days=60)}
    dates.update({k: v for k, v in values.items() if not isinstance(v, str)})
    for name, value in dates.items():
        at.date_input(key=f"intake_{name}_new").set_value(value)
    return submit_button(at, "intake_case_new", "Dossier openen").click().run()


def test_a_facilitator_opens_a_case_and_finds_it_back_in_a_new_session(fien):
    at = fill_new_case(intake_page())
    assert not at.exception
    assert "Dossier #1 is geopend." in texts(at)
    again = intake_page()  # a new browser session: nothing lives in the old one
    again.selectbox(key=PICKER).select(1).run()
    assert again.text_input(key="intake_employee_name_1_1").value == "Marc Verbeke"
    assert again.date_input(key="intake_sick_leave_start_1_1").value == date.today() - timedelta(days=60)


def test_a_second_facilitator_does_not_see_the_case(fien):
    accounts.add_user(app_store(), COMMAND_LINE, "olaf", "Olaf", PASSWORD, Role.FACILITATOR)
    fill_new_case(intake_page())
    other = intake_page("olaf")
    assert 1 not in other.selectbox(key=PICKER).options
    assert "Marc Verbeke" not in texts(other)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"employee_name": "   "}, "Dit veld is verplicht."),
        ({"manager_name": ""}, "Dit veld is verplicht."),
        ({"sick_leave_start": date.today() + timedelta(days=3)}, "De start van het ziekteverlof kan niet in de toekomst liggen."),
        ({"intake_date": date.today() + timedelta(days=3)}, "De intake kan niet in de toekomst liggen."),
        ({"expected_return": date.today() - timedelta(days=90)}, "De terugkeer kan niet vóór de start van het ziekteverlof liggen."),
        ({"intake_date": date.today() - timedelta(days=90)}, "Deze datum ligt vóór de start van het ziekteverlof."),
        ({"actual_return": date.today() + timedelta(days=5)}, "Een werkelijke terugkeer kan niet in de toekomst liggen"),
    ],
)
def test_each_bad_input_gets_its_message_and_nothing_is_saved(fien, values, message):
    at = fill_new_case(intake_page(), **values)
    assert not at.exception
    assert message in texts(at)
    assert intake_case_count() == 0


def intake_case_count() -> int:
    with app_store().read() as q:
        return q.cases.count_cases()


def test_a_duplicate_open_case_is_opened_only_after_confirmation(fien):
    open_case(app_store(), fien, "Marc Verbeke")
    at = intake_page()
    at.selectbox(key=PICKER).select(NEW).run()  # a new case is an explicit choice
    at = fill_new_case(at)
    assert "heeft al een open dossier bij jou (#1)" in texts(at)
    assert intake_case_count() == 1
    at.checkbox(key="intake_confirm_new").check()
    submit_button(at, "intake_case_new", "Dossier openen").click().run()
    assert "Dossier #2 is geopend." in texts(at)


def test_the_phase_follows_the_consent_shows_why_and_is_corrected_only_with_a_reason(fien):
    case_id = open_case(app_store(), fien, "Marc Verbeke", sick_leave_start=date.today() - timedelta(days=30))
    at = intake_page(case_id=case_id)
    assert "Huidige fase: Intake" in texts(at)
    assert "De basistoestemming van de medewerker voor de verwerking is nog niet vastgelegd." in texts(at)
    submit = f"FormSubmitter:phase_correct_{case_id}-Fase corrigeren"
    at.selectbox(key=f"phase_correct_phase_{case_id}").set_value(Phase.PREPARATION)
    at.text_area(key=f"phase_correct_reason_{case_id}").input("Mondeling akkoord")
    at.button(key=submit).click().run()
    assert "Zonder de basistoestemming" in texts(at)

    at.date_input(key="intake_consent_date").set_value(date.today())
    submit_button(at, "intake_consent", "Registreren").click().run()
    assert "Geregistreerd." in texts(at)
    assert "Huidige fase: Voorbereiding" in texts(at)
    assert f"De medewerker gaf de basistoestemming op {date.today():%d/%m/%Y}." in texts(at)

    at.selectbox(key=f"phase_correct_phase_{case_id}").set_value(Phase.JOINT_DIALOGUE)
    at.text_area(key=f"phase_correct_reason_{case_id}").input("")
    at.button(key=submit).click().run()
    assert "Zeg waarom je de fase corrigeert." in texts(at)
    assert "Huidige fase: Voorbereiding" in texts(at)
    at.text_area(key=f"phase_correct_reason_{case_id}").input("Beide gesprekken op papier gevoerd")
    at.button(key=submit).click().run()
    assert "De fase is nu Gezamenlijk gesprek." in texts(at)
    assert "Huidige fase: Gezamenlijk gesprek" in texts(at)
    history = phases.explain(app_store(), fien, case_id).history
    assert (history[-1].kind, history[-1].reason) == ("correction", "Beide gesprekken op papier gevoerd")


def test_a_withdrawal_dated_before_the_consent_is_explained(fien):
    case_id = open_case(app_store(), fien, "Marc Verbeke", sick_leave_start=date.today() - timedelta(days=30))
    intake.record_consent(app_store(), fien, case_id, PROCESSING, True, date.today() - timedelta(days=2))
    at = intake_page(case_id=case_id)
    at.radio(key="intake_consent_given").set_value(False)
    at.date_input(key="intake_consent_date").set_value(date.today() - timedelta(days=5))
    submit_button(at, "intake_consent", "Registreren").click().run()
    assert "Een intrekking kan niet vóór de toestemming liggen" in texts(at)


def test_a_withdrawn_consent_hides_the_contact_log_on_the_page(fien):
    store = app_store()
    case_id = open_case(store, fien, "Marc Verbeke", sick_leave_start=date.today() - timedelta(days=30))
    gp = intake.add_person(store, fien, case_id, PersonRole.GP, "dr. Geert Wuyts")
    intake.record_consent(store, fien, case_id, person_subject(gp.id), True, date.today() - timedelta(days=3))
    intake.log_contact(store, fien, case_id, gp.id, date.today() - timedelta(days=2), "Gebeld over het tempo")
    assert "Gebeld over het tempo" in texts(intake_page(case_id=case_id))
    intake.record_consent(store, fien, case_id, person_subject(gp.id), False, date.today())
    page = texts(intake_page(case_id=case_id))
    assert "Gebeld over het tempo" not in page
    assert "het contactlogboek is verborgen" in page


def test_a_person_and_the_contact_agreement_are_added_from_the_page(fien):
    case_id = open_case(app_store(), fien, "Marc Verbeke", sick_leave_start=date.today() - timedelta(days=30))
    at = intake_page(case_id=case_id)
    at.text_input(key="intake_person_name").input("dr. Lien Vandamme")
    at.selectbox(key="intake_person_role").select(PersonRole.OCCUPATIONAL_PHYSICIAN)
    submit_button(at, "intake_person", "Betrokkene toevoegen").click().run()
    assert "Toegevoegd." in texts(at)
    at.text_input(key="intake_frequency").input("Om de twee weken")
    at.checkbox(key="intake_manager_present").check()
    at.button(key="FormSubmitter:intake_contact_agreement-Opslaan").click().run()
    record = intake.load(app_store(), fien, 1)
    assert record.people[0].person.name == "dr. Lien Vandamme"
    assert record.contact_agreement.frequency == "Om de twee weken"
    assert record.contact_agreement.manager_present_day_one


def test_a_case_is_exported_and_then_erased_from_the_page(fien):
    case_id = open_case(app_store(), fien, "Marc Verbeke", sick_leave_start=date.today() - timedelta(days=30))
    at = intake_page(case_id=case_id)
    at.button(key="intake_export").click().run()
    assert not at.exception
    made = at.session_state["intake_export_data"][2]  # what ui.documents.make_export kept for the download
    assert made["archive"][:2] == b"PK"  # the zip of privacy.export_case
    assert made["for_whom"] == "employee"  # the first choice: the employee's own export
    at.text_input(key="intake_erase_confirm").input("verkeerd")
    at.button(key="FormSubmitter:intake_erase-Dossier definitief wissen").click().run()
    assert "Niet gewist: typ het dossiernummer 1" in texts(at)
    assert intake_case_count() == 1
    at.text_input(key="intake_erase_confirm").input(str(case_id))
    at.button(key="FormSubmitter:intake_erase-Dossier definitief wissen").click().run()
    assert f"Dossier #{case_id} is gewist." in texts(at)
    assert intake_case_count() == 0
    assert "intake_export_data" not in at.session_state  # no copy of the erased case stays in the session


def test_after_erasing_a_case_the_intake_shows_a_new_case_and_not_another_case(fien):
    other = open_case(app_store(), fien, "Hanne Vermeulen", sick_leave_start=date.today() - timedelta(days=30))
    case_id = open_case(app_store(), fien, "Marc Verbeke", sick_leave_start=date.today() - timedelta(days=30))
    at = intake_page(case_id=case_id)
    at.text_input(key="intake_erase_confirm").input(str(case_id))
    at.button(key="FormSubmitter:intake_erase-Dossier definitief wissen").click().run()
    assert f"Dossier #{case_id} is gewist." in texts(at)
    assert "Hanne Vermeulen" not in [w.value for w in at.text_input] + [texts(at)]
    assert at.selectbox(key=PICKER).value == NEW
    assert f"#{other} Hanne Vermeulen" in at.selectbox(key=PICKER).options  # still there, to choose on purpose
