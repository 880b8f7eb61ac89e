"""The administrator's privacy page on the demo data, through AppTest: the employee's
rights (export, erasure) and the retention period, with case numbers, phases and
dates on screen and never a name or a text of a case."""

import io
import json
import zipfile

import pytest

from reset_core.access_request import ExportFor
from tests.app.conftest import app_store, open_page, texts

CASE = 5  # Ahmed El Amrani in the demo


@pytest.fixture
def names(demo_config) -> list[str]:
    """Every employee's and manager's name in the demo: none may appear on the page."""
    with app_store().read() as q:
        return [name for c in (q.cases.case(r.id) for r in q.privacy.case_register()) for name in (c.employee.name, c.manager.name)]


def privacy_page(username="demo-admin"):
    return open_page("privacy", username)


def case_numbers() -> list[int]:
    with app_store().read() as q:
        return [r.id for r in q.privacy.case_register()]


def erase_button(at):
    return at.button(key="FormSubmitter:privacy_erase-Dossier definitief wissen")


def test_the_admin_sees_every_case_by_number_phase_and_date_and_no_name(names):
    at = privacy_page()
    assert not at.exception
    page = texts(at)
    assert f"#{CASE}" in page and "Opvolging" in page
    assert [name for name in names if name in page] == []


def export_made(at) -> dict:
    """What ui.documents.make_export kept for the download; empty when nothing was made."""
    return at.session_state["privacy_export_data"][2] if "privacy_export_data" in at.session_state else {}


def test_the_admin_makes_the_export_to_hand_over_and_the_access_is_logged(names):
    at = privacy_page()
    at.selectbox(key="privacy_export_case").set_value(CASE)
    at.radio(key="privacy_export_for").set_value(ExportFor.MANAGER)
    at.button(key="privacy_export").click().run()
    assert not at.exception
    assert at.session_state["privacy_export_data"][0] == CASE
    assert export_made(at)["for_whom"] is ExportFor.MANAGER
    with zipfile.ZipFile(io.BytesIO(export_made(at)["archive"])) as z:
        record = json.loads(z.read(f"dossier-{CASE}.json"))
    assert record["tables"]["parties"] and record["for"] == "manager"
    assert [name for name in names if name in texts(at)] == []  # a file to download, not a screen
    with app_store().read() as q:
        assert [(e.actor, e.action) for e in q.journal.audit_of_case(CASE)][-1] == ("demo-admin", "case.export")


def test_the_whole_case_is_exported_only_with_a_reason_said_next_to_its_field(demo_config):
    at = privacy_page()
    at.selectbox(key="privacy_export_case").set_value(CASE)
    at.radio(key="privacy_export_for").set_value(ExportFor.ORGANISATION).run()
    at.button(key="privacy_export").click().run()
    assert "Geef een reden van minstens 10 tekens" in texts(at)
    assert not export_made(at)
    at.text_input(key="privacy_export_reason").input("Vraag van de arbeidsinspectie")
    at.button(key="privacy_export").click().run()
    assert export_made(at)["for_whom"] is ExportFor.ORGANISATION
    with app_store().read() as q:
        assert [e.detail for e in q.journal.audit_of_case(CASE)][-1] == "organisation: Vraag van de arbeidsinspectie"


def test_the_admin_erases_a_case_only_after_typing_its_number(demo_config):
    at = privacy_page()
    at.selectbox(key="privacy_export_case").set_value(CASE)
    at.button(key="privacy_export").click().run()
    at.selectbox(key="privacy_erase_case").set_value(CASE)
    at.text_input(key="privacy_erase_confirm").input("4")
    erase_button(at).click().run()
    assert f"Niet gewist: typ het dossiernummer {CASE}" in texts(at)
    assert CASE in case_numbers()
    at.selectbox(key="privacy_erase_case").set_value(CASE)
    at.text_input(key="privacy_erase_confirm").input(str(CASE))
    erase_button(at).click().run()
    assert not at.exception
    assert f"Dossier #{CASE} is gewist." in texts(at)
    assert CASE not in case_numbers()
    assert "privacy_export_data" not in at.session_state  # no copy of the case left in the session


def test_cases_past_the_retention_period_are_listed_and_erased_after_typing_how_many(demo_config):
    with app_store().read() as q:
        old = next(r.id for r in q.privacy.case_register() if r.closed_on)
    with app_store().transaction() as q:  # a case closed long ago
        q.cur.execute("UPDATE closings SET closed_on = DATE '2015-03-02' WHERE case_id = ?", [old])
    at = privacy_page()
    assert f"#{old} (02/03/2015)" in texts(at)
    at.text_input(key="privacy_retention_confirm").input("3")
    at.button(key="FormSubmitter:privacy_retention_apply-Deze dossiers nu wissen").click().run()
    assert "Niet gewist: typ het aantal dossiers" in texts(at)
    assert old in case_numbers()
    at.text_input(key="privacy_retention_confirm").input("1")
    at.button(key="FormSubmitter:privacy_retention_apply-Deze dossiers nu wissen").click().run()
    assert not at.exception
    assert "1 dossier(s) gewist." in texts(at)
    assert old not in case_numbers()
    assert "Geen dossiers voorbij de bewaartermijn." in texts(at)


def test_a_facilitator_does_not_reach_the_privacy_page(names):
    at = privacy_page("demo")
    assert f"#{CASE} (" not in texts(at)
    assert "Dossiers" not in [s.value for s in at.header]
    assert "privacy_export" not in [b.key for b in at.button]
