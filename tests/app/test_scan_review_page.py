"""The bilateral scan review on the facilitator's scan page, through AppTest."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from reset_core import intake, scan, scan_review
from reset_core.instrument import load_instrument
from reset_core.model import PROCESSING, MomentKind, Respondent
from tests.app.conftest import app_store, open_page, submit_button, texts
from tests.conftest import open_case

INSTRUMENT = load_instrument(scan.CURRENT_VERSION)  # the version a new case answers
SAVE = "Bespreking bewaren"


@pytest.fixture
def answered(fien):
    """A case whose T0 both parties submitted; its number and the moment's."""
    store = app_store()
    case_id = open_case(store, fien, "Marc Verbeke")
    intake.record_consent(store, fien, case_id, PROCESSING, True, date.today() - timedelta(days=30))
    moment, tokens = scan.create_moment(store, fien, case_id, MomentKind.T0, date.today() - timedelta(days=3))
    for token in tokens.values():
        scan.save_answers(store, token, {i.id: 3 for i in INSTRUMENT.items})
        scan.submit(store, token)
    return case_id, moment.id


def test_a_review_with_every_problem_shows_each_message_under_its_field_and_saves_nothing(fien, answered):
    case_id, moment_id = answered
    at = open_page("scan", case_id=case_id)
    assert "Scanbespreking met elke partij apart" in texts(at)
    prefix = f"scan_review_{moment_id}_employee"
    at.date_input(key=f"{prefix}_held_on").set_value(date.today() + timedelta(days=2))
    submit_button(at, "scan_review_employee", SAVE).click().run()
    assert not at.exception
    errors = [e.value for e in at.error]
    for message in ("De bespreking kan niet in de toekomst liggen.", "Noteer wat opviel in de bespreking.",
                    "Noteer wat de partij wil meenemen, of kies minstens één thema."):
        assert any(message in e for e in errors), (message, errors)
    assert scan_review.reviews(app_store(), fien, case_id) == {}


def test_a_saved_review_shows_on_the_page_with_its_private_note_and_offers_the_partys_summary(fien, answered):
    case_id, moment_id = answered
    at = open_page("scan", case_id=case_id)
    at.radio(key="scan_review_party").set_value(Respondent.MANAGER).run()
    assert "Nog geen bespreking genoteerd met leidinggevende voor dit moment." in texts(at)
    assert not at.get("download_button")  # no summary before a review
    prefix = f"scan_review_{moment_id}_manager"
    at.text_area(key=f"{prefix}_stood_out").input("De planning weegt zwaarder dan gedacht")
    at.text_area(key=f"{prefix}_to_bring").input("Ik breng het nieuwe weekrooster mee")
    at.text_area(key=f"{prefix}_note").input("Vraag later naar de eigen werkdruk")
    submit_button(at, "scan_review_manager", SAVE).click().run()
    assert not at.exception
    page = texts(at)
    assert "De bespreking is bewaard." in page
    for shown in ("De planning weegt zwaarder dan gedacht", "Ik breng het nieuwe weekrooster mee", "Vraag later naar de eigen werkdruk"):
        assert shown in page
    assert at.download_button(key="scan_review_summary_download").proto.label == "Samenvatting voor leidinggevende downloaden"
    kept = scan_review.reviews(app_store(), fien, case_id)[(moment_id, Respondent.MANAGER)]
    assert kept.private_note == "Vraag later naar de eigen werkdruk"
