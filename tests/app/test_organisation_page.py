"""The administrator's organisation page through AppTest: the name printed on every
document is set here; a bad save says what is wrong next to the field and keeps what
was typed."""

import pytest

from reset_core import organisation
from reset_core.model import Role
from tests.app.conftest import account, app_store, open_page, texts

SAVE = "FormSubmitter:organisation-Opslaan"


@pytest.fixture(autouse=True)
def ada():
    return account("ada", "Ada Admin", Role.ADMIN)


def test_the_admin_saves_the_organisations_name_and_the_next_document_carries_it():
    at = open_page("organisation", "ada")
    assert not at.exception
    at.text_input(key="organisation_name").set_value("Brouwerij De Klok nv")
    at.button(key=SAVE).click().run()
    assert not at.exception
    assert "De organisatie is bewaard. Nieuwe documenten dragen haar naam." in texts(at)
    assert organisation.profile(app_store()).name == "Brouwerij De Klok nv"
    assert "Laatst gewijzigd door ada" in texts(at)


def test_an_empty_name_is_refused_next_to_its_field_and_nothing_is_saved():
    at = open_page("organisation", "ada")
    before = organisation.profile(app_store())
    at.text_input(key="organisation_name").set_value("   ")
    at.button(key=SAVE).click().run()
    assert [e.value for e in at.error] == ["Vul de naam van de organisatie in."]
    assert organisation.profile(app_store()) == before
