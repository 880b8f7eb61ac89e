"""Scan versions on screen: the link says which work its statements are about, and the
facilitator's scan page charts each version apart and moves a case on with a reason."""

from datetime import date, timedelta

import pytest

from reset_core import intake, scan
from reset_core.instrument import load_instrument
from reset_core.model import PROCESSING, MomentKind, Respondent
from tests.app.conftest import app, app_store, open_page, submit_button, texts
from tests.conftest import open_case


def respondent_page(token: str):
    at = app()
    at.query_params["t"] = token
    return at.run()


def answered(fien, case_id, kind, planned):
    moment, tokens = scan.create_moment(app_store(), fien, case_id, kind, planned, reason="opnieuw")
    items = load_instrument(moment.instrument_version).items
    for who in Respondent:
        scan.save_answers(app_store(), tokens[who], {item.id: 3 for item in items})
        scan.submit(app_store(), tokens[who])
    return moment


@pytest.fixture
def case_id(fien):
    case_id = open_case(app_store(), fien, "Marc Verbeke")
    intake.record_consent(app_store(), fien, case_id, PROCESSING, True, date.today())
    return case_id


@pytest.fixture
def version_one_case(fien, case_id, monkeypatch):
    """Two moments taken before version 2 existed."""
    with monkeypatch.context() as before_version_two:
        before_version_two.setattr(scan, "CURRENT_VERSION", 1)
        answered(fien, case_id, MomentKind.T0, date.today() - timedelta(days=120))
        answered(fien, case_id, MomentKind.M3, date.today() - timedelta(days=30))
    return case_id


def test_the_link_before_the_return_asks_about_the_work_before_the_absence_on_every_theme(fien, case_id):
    _, tokens = scan.create_moment(app_store(), fien, case_id, MomentKind.T0, date.today())
    at = respondent_page(tokens[Respondent.EMPLOYEE])
    assert "Denk bij elke uitspraak aan je werk zoals het was vóór je afwezigheid." in texts(at)
    at.button(key="answer_next").click().run()
    assert "vóór je afwezigheid" in " ".join(c.value for c in at.caption)


def test_a_link_after_the_return_asks_about_the_work_now_and_the_manager_about_what_they_see_and_do(fien, case_id):
    _, tokens = scan.create_moment(app_store(), fien, case_id, MomentKind.M3, date.today())
    at = respondent_page(tokens[Respondent.MANAGER])
    page = texts(at)
    assert "Denk bij elke uitspraak aan wat je nu op het werk ziet en doet" in page
    assert "vóór" not in page


def test_the_scan_page_charts_each_version_apart_and_says_they_do_not_compare(fien, version_one_case):
    scan.move_to_version(app_store(), fien, version_one_case, 2, "De opvolging gaat verder met de nieuwe scan")
    answered(fien, version_one_case, MomentKind.M6, date.today())
    at = open_page("scan", case_id=version_one_case)
    assert not at.exception
    page = texts(at)
    assert "Deze momenten gebruiken verschillende versies van de scan." in page
    assert "Versie 1 van de scan" in page and "Versie 2: nog maar één moment, dus nog geen verloop." in page
    assert "De opvolging gaat verder met de nieuwe scan" in page  # the move with its reason


def test_a_version_one_case_keeps_its_chart_as_before(fien, version_one_case):
    at = open_page("scan", case_id=version_one_case)
    page = texts(at)
    assert "verschillende versies" not in page
    assert "Dit dossier gebruikt versie 1 van de scan." in page
    assert len(at.get("vega_lite_chart")) >= 2  # the side-by-side chart and the trend over both moments


def test_the_facilitator_moves_a_case_on_with_a_reason_and_a_missing_reason_is_said_under_its_field(fien, version_one_case):
    at = open_page("scan", case_id=version_one_case)
    submit_button(at, "scan_version_move", "Overstappen").click().run()
    assert "Schrijf waarom het dossier overstapt." in texts(at)
    assert scan.case_version(app_store(), fien, version_one_case).version == 1
    at.selectbox(key="scan_version_to").set_value(2)
    at.text_input(key="scan_version_reason").input("De opvolging gaat verder met de nieuwe scan")
    submit_button(at, "scan_version_move", "Overstappen").click().run()
    assert "Het dossier gebruikt nu versie 2 van de scan." in texts(at)
    assert scan.case_version(app_store(), fien, version_one_case).version == 2
