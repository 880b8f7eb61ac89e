"""The plan in a party's personal space (?p=), through AppTest: read it, take it as PDF,
answer it with the hand-over code; without the right code nothing counts."""

import io
from dataclasses import replace
from datetime import date, timedelta

import pytest
from pypdf import PdfReader

from reset_core import agreement, intake, legal_track, party_space, plan_answer
from reset_core.model import (
    PROCESSING,
    AdjustmentArea,
    AgreementStatus,
    Assessment,
    AssessmentOutcome,
    CraftingAim,
    PlanAdjustment,
    Respondent,
    SchedulePeriod,
    Signer,
    TrajectoryStart,
)
from tests.app.conftest import app_store, space_page, texts
from tests.conftest import open_case

RETURN = date.today() + timedelta(days=10)
FORM = "FormSubmitter:space_plan_answer-"


@pytest.fixture
def offered(fien):
    """A case whose plan was offered today: (case id, codes, employee token, manager token)."""
    store = app_store()
    case_id = open_case(
        store, fien, "Zoë Çelik-D'hondt", sick_leave_start=date.today() - timedelta(days=120), expected_return=RETURN,
        started_by=TrajectoryStart.EMPLOYEE, assessment=Assessment(AssessmentOutcome.A, date.today() - timedelta(days=20)),
    )
    intake.record_consent(store, fien, case_id, PROCESSING, True, date.today() - timedelta(days=100))
    legal_track.save(store, fien, case_id, "formal", "flanders")  # the Codex plan: the 14 days run
    first = agreement.start(store, fien, case_id)
    content = replace(
        first.content, contract_hours=38.0,
        adjustments=(PlanAdjustment(AdjustmentArea.WORKLOAD, CraftingAim.LOWER_HINDERING_DEMAND, "Geen piekdagen op maandag"), PlanAdjustment(AdjustmentArea.RELATIONS_SUPPORT, CraftingAim.RAISE_RESOURCE, "Wekelijks gesprek met de leidinggevende")),
        schedule=(SchedulePeriod(RETURN, RETURN + timedelta(days=13), None, 50.0, 3.0, "Bijlezen"),),
    )
    draft = agreement.save_draft(store, fien, case_id, 1, content, first.revision)
    _, codes = plan_answer.offer(store, fien, case_id, 1, date.today(), draft.revision, received_on=date.today())
    tokens = [party_space.issue_link(store, fien, case_id, r) for r in (Respondent.EMPLOYEE, Respondent.MANAGER)]
    return case_id, codes, *tokens



def send(at):
    return at.button(key=f"{FORM}Antwoord versturen").click().run()


def test_the_employee_reads_the_plan_and_without_the_code_nothing_counts(fien, offered):
    case_id, codes, employee, _ = offered
    at = space_page(employee)
    assert not at.exception
    page = texts(at)
    assert "Jouw re-integratieplan" in page and "Geen piekdagen op maandag" in page
    deadline = (date.today() + timedelta(days=14)).strftime("%d/%m/%Y")
    assert f"tot en met {deadline}" in page
    at = send(at)  # nothing filled in: every message at once, next to its field
    page = texts(at)
    assert "Kies of je akkoord gaat of niet." in page and "Typ de code die je van je facilitator kreeg." in page
    at.radio(key="space_plan_answer_choice").set_value(True)
    at.text_input(key="space_plan_answer_code").input("AAA-AAA" if codes[Signer.EMPLOYEE] != "AAA-AAA" else "CCC-CCC")
    at = send(at)
    assert "Deze code klopt niet. Je kunt het nog 4 keer proberen." in texts(at)
    assert agreement.load(app_store(), fien, case_id).version(1).signatures == ()


def test_the_employee_refuses_with_reasons_and_a_view_with_the_right_code_and_the_pdf_holds_the_view(fien, offered):
    case_id, codes, employee, _ = offered
    at = space_page(employee)
    at.radio(key="space_plan_answer_choice").set_value(False)
    at.text_area(key="space_plan_answer_reasons").input("De opbouw gaat te snel voor mij.")
    at.text_area(key="space_plan_answer_view").input("Ik wil graag terug, maar trager.")
    at.text_input(key="space_plan_answer_code").input(codes[Signer.EMPLOYEE].lower())
    at = send(at)
    assert not at.exception
    page = texts(at)
    assert "Je weigering en je redenen zijn geregistreerd." in page and "Je weigerde dit plan op" in page
    assert not [b for b in at.button if (b.key or "").startswith(FORM)]  # answered: no form any more
    version = agreement.load(app_store(), fien, case_id).version(1)
    assert version.status is AgreementStatus.REFUSED and version.employee_view == "Ik wil graag terug, maar trager."
    at.button(key="space_plan_pdf").click().run()
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(at.session_state["space_plan_pdf_made"][1])).pages).split())
    assert "Zienswijze van de werknemer" in text and "Ik wil graag terug, maar trager." in text
    assert "De opbouw gaat te snel voor mij." in text


def test_the_manager_confirms_with_their_own_code(fien, offered):
    case_id, codes, _, manager = offered
    at = space_page(manager)
    assert "Bevestig het plan als leidinggevende" in texts(at)
    assert not [r for r in at.radio if r.key == "space_plan_answer_choice"]  # the employee's choice is not theirs
    at.checkbox(key="space_plan_answer_tick").check()
    at.text_input(key="space_plan_answer_code").input(codes[Signer.MANAGER])
    at = send(at)
    assert "Je bevestiging is geregistreerd." in texts(at)
    signature = agreement.load(app_store(), fien, case_id).version(1).signature(Signer.MANAGER)
    assert (signature.name, signature.recorded_by) == ("Katrien De Smet", party_space.actor_of(Respondent.MANAGER))
