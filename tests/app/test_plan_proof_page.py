"""The answer to a Codex plan and its proof on the agreement page, through AppTest: the
day of receipt with the offer and the 14 days it sets, a copy's delivery recorded with
every problem at once, the employer's contact after a silence, and the refusal by a
second silence with what follows."""

from dataclasses import replace
from datetime import date, timedelta

import pytest

from reset_core import agreement, plan_answer, plan_proof
from reset_core.model import (
    AdjustmentArea,
    AgreementStatus,
    AnswerRoute,
    CraftingAim,
    PlanAdjustment,
    SchedulePeriod,
)
from tests.app.conftest import app_store, open_page, texts
from tests.conftest import open_formal_case

TODAY = date.today()
RETURN = TODAY + timedelta(days=7)


@pytest.fixture
def case_id(fien):
    """A formal trajectory with decision A and a draft ready to offer: the Codex plan."""
    store = app_store()
    case_id = open_formal_case(
        store, fien, assessed_on=TODAY - timedelta(days=30), consent_on=TODAY - timedelta(days=100),
        sick_leave_start=TODAY - timedelta(days=120), expected_return=RETURN,
    )
    first = agreement.start(store, fien, case_id)
    content = replace(
        first.content, contract_hours=38.0,
        adjustments=(PlanAdjustment(AdjustmentArea.RELATIONS_SUPPORT, CraftingAim.RAISE_RESOURCE, "Wekelijks gesprek"),),
        schedule=(SchedulePeriod(RETURN, RETURN + timedelta(days=13), None, 50.0, 3.0, "Bijlezen"),),
    )
    agreement.save_draft(store, fien, case_id, 1, content, first.revision)
    return case_id


def version_1(fien, case_id):
    return agreement.load(app_store(), fien, case_id).version(1)


def click(at, prefix: str, label: str):
    button = next(b for b in at.button if (b.key or "").startswith(f"FormSubmitter:{prefix}") and b.key.endswith(f"-{label}"))
    return button.click().run()


def widget(at, kind: str, prefix: str, name: str):
    return next(w for w in getattr(at, kind) if (w.key or "").startswith(prefix) and w.key.endswith(f"_{name}"))


def test_the_receipt_given_with_the_offer_sets_the_14_days_and_a_copy_is_recorded_with_every_problem_at_once(fien, case_id):
    at = open_page("agreement", "fien", case_id)
    at.date_input(key="agreement_received_on").set_value(TODAY - timedelta(days=1))
    at.button(key="agreement_offer_button").click().run()
    assert "De werknemer kan het niet ontvangen hebben voor het aangeboden werd" in texts(at)
    assert version_1(fien, case_id).status is AgreementStatus.DRAFT  # nothing half-saved
    at.date_input(key="agreement_received_on").set_value(TODAY)
    at.button(key="agreement_offer_button").click().run()
    assert not at.exception
    deadline = (TODAY + timedelta(days=14)).strftime("%d/%m/%Y")
    assert f"de 14 kalenderdagen lopen tot en met {deadline}" in texts(at)

    at = click(at, "legal_answer_delivery_1", "Bezorging noteren")
    page = texts(at)
    assert "Kies wie het afschrift ontving." in page and "Geef de dag waarop het afschrift bezorgd werd." in page and "Kies hoe." in page
    widget(at, "selectbox", "legal_answer_delivery_1", "recipient").set_value("occupational_physician")
    widget(at, "date_input", "legal_answer_delivery_1", "on").set_value(TODAY)
    widget(at, "selectbox", "legal_answer_delivery_1", "how").set_value("email")
    at = click(at, "legal_answer_delivery_1", "Bezorging noteren")
    assert not at.exception
    assert "De bezorging is genoteerd." in texts(at)
    assert [(d.recipient.value, d.how.value) for d in version_1(fien, case_id).deliveries] == [("occupational_physician", "email")]
    assert "Nog geen bezorging van een afschrift genoteerd." not in texts(at)


def test_after_a_silence_the_page_asks_for_the_employers_contact_and_then_for_the_refusal_by_silence(fien, case_id):
    store = app_store()
    offered_on = TODAY - timedelta(days=25)
    plan_answer.offer(store, fien, case_id, 1, offered_on, version_1(fien, case_id).revision, received_on=offered_on)
    at = open_page("agreement", "fien", case_id)
    assert "zonder antwoord. De werkgever contacteert de werknemer opnieuw" in texts(at)
    at = click(at, "legal_answer_reminder_1", "Contact noteren")
    page = texts(at)
    assert "Geef de dag waarop de werkgever de werknemer opnieuw contacteerde." in page and "Kies hoe." in page
    at.date_input(key="legal_answer_reminder_1_on").set_value(TODAY - timedelta(days=9))
    at.selectbox(key="legal_answer_reminder_1_how").set_value("registered_mail")
    at.date_input(key="legal_answer_reminder_1_answer_by").set_value(TODAY - timedelta(days=2))
    at = click(at, "legal_answer_reminder_1", "Contact noteren")
    assert not at.exception
    assert "Het nieuwe contact van de werkgever is genoteerd." in texts(at)
    assert "deze tweede stilte geldt als weigering" in texts(at)
    at.button(key="legal_answer_silence_1_button").click().run()
    assert not at.exception
    version = version_1(fien, case_id)
    assert version.status is AgreementStatus.REFUSED and version.refusal.route is AnswerRoute.SILENCE
    page = texts(at)
    assert "het formele re-integratietraject eindigt hier" in page and "Bezorg het geweigerde plan aan de arbeidsarts" in page
    assert plan_proof.ends_trajectory(version)
