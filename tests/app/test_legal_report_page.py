"""The motivated report, the progressive-return notices and the safety function on the
agreement page, through AppTest: every problem at once next to its field, then recorded."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from reset_core import agreement, legal_report, legal_track
from reset_core.model import (
    AdjustmentArea,
    CraftingAim,
    PlanAdjustment,
    SchedulePeriod,
    TrajectoryStart,
)
from tests.app.conftest import app_store, open_page, texts
from tests.conftest import open_formal_case

TODAY = date.today()


def formal_case(fien, outcome: str, name: str = "Ilse Wouters", expected_return: date | None = None) -> int:
    store = app_store()
    return open_formal_case(
        store, fien, name, outcome=outcome, assessed_on=TODAY - timedelta(days=90), consent_on=TODAY - timedelta(days=150),
        appeal_end=TODAY - timedelta(days=60) if outcome == "B" else None,
        sick_leave_start=TODAY - timedelta(days=200), expected_return=expected_return, started_by=TrajectoryStart.EMPLOYER,
    )


def report_submit(at):
    return next(b for b in at.button if (b.key or "").startswith("legal_report_") and b.key.endswith("_submit"))


def test_the_motivated_report_shows_every_problem_at_once_and_then_is_recorded_with_its_pdf(fien):
    case_id = formal_case(fien, "B")
    at = open_page("agreement", "fien", case_id)
    assert "Termijn voor het plan of het verslag" in texts(at)
    at.date_input(key="legal_report_made_on_0").set_value(TODAY + timedelta(days=1))
    at = report_submit(at).click().run()
    errors = [e.value for e in at.error]
    assert "Kies de reden." in errors
    assert "Schrijf de motivering: waarom is een plan niet mogelijk?" in errors
    assert "De datum van het verslag ligt in de toekomst." in errors
    assert legal_track.load(app_store(), fien, case_id).facts.report is None
    at.radio(key="legal_report_ground_0").set_value("objective")
    at.text_area(key="legal_report_reasons_0").input("Geen functie zonder nachtwerk in deze vestiging.")
    at.date_input(key="legal_report_made_on_0").set_value(TODAY)
    at = report_submit(at).click().run()
    assert not at.error
    assert any("Verslag vastgelegd op" in s.value for s in at.success)
    assert at.text_area(key="legal_report_reasons_1").value == "Geen functie zonder nachtwerk in deze vestiging."
    assert any(b.label == "Verslag als PDF" for b in at.get("download_button"))
    assert "Re-integratieplan of gemotiveerd verslag verschuldigd" not in texts(at)  # the report met the plan's deadline


def test_a_notice_is_marked_filed_per_schedule_step_and_the_safety_check_is_said(fien):
    start = TODAY + timedelta(days=21)
    while start.weekday() != 0:  # a Monday, so that the schedule's steps are whole weeks
        start += timedelta(days=1)
    case_id = formal_case(fien, "A", "Dries Van Damme", expected_return=start)
    store = app_store()
    legal_report.save_safety(store, fien, case_id, True)
    agreement.start(store, fien, case_id)
    first = agreement.load(store, fien, case_id).version(1)
    content = replace(
        first.content, contract_hours=38.0,
        adjustments=(PlanAdjustment(AdjustmentArea.RELATIONS_SUPPORT, CraftingAim.RAISE_RESOURCE, "Wekelijks gesprek"),),
        schedule=(
            SchedulePeriod(start, start + timedelta(days=13), 19.0, None, 3.0),
            SchedulePeriod(start + timedelta(days=14), start + timedelta(days=27), 30.4, None, 4.0),
        ),
    )
    saved = agreement.save_draft(store, fien, case_id, 1, content, first.revision)
    agreement.offer(store, fien, case_id, 1, TODAY, saved.revision)
    at = open_page("agreement", "fien", case_id)
    shown = texts(at)
    assert "Onderzoek bij werkhervatting door de arbeidsarts: ten vroegste op de dag van de terugkeer" in shown
    assert "Melding progressieve werkhervatting aan de adviserend arts" in shown
    assert shown.count("nog niet gemeld") == 2
    at.date_input(key="legal_notice_filed_on").set_value(None)
    at = next(b for b in at.button if b.label == "Melding vastleggen").click().run()
    assert "Vul de datum van de melding in." in [e.value for e in at.error]
    at.date_input(key="legal_notice_filed_on").set_value(TODAY)
    at = next(b for b in at.button if b.label == "Melding vastleggen").click().run()
    assert not at.error
    assert texts(at).count("nog niet gemeld") == 1
    assert f"gemeld op {TODAY.strftime('%d/%m/%Y')}" in texts(at)


def test_the_examination_on_resuming_work_is_recorded_on_the_page_and_its_warning_gives_way(fien):
    back = TODAY - timedelta(days=2)
    case_id = formal_case(fien, "A", "Sven Claes", expected_return=back)
    legal_report.save_safety(app_store(), fien, case_id, True)
    at = open_page("agreement", "fien", case_id)
    assert "Onderzoek bij werkhervatting door de arbeidsarts: ten vroegste op de dag van de terugkeer" in texts(at)
    at = next(b for b in at.button if b.label == "Onderzoek vastleggen").click().run()
    assert "Vul de datum van het onderzoek in." in [e.value for e in at.error]
    at.date_input(key="legal_examined_on").set_value(back)
    at = next(b for b in at.button if b.label == "Onderzoek vastleggen").click().run()
    assert not at.error
    shown = texts(at)
    assert f"gebeurd op {back.strftime('%d/%m/%Y')}" in shown
    assert "ten vroegste op de dag van de terugkeer, uiterlijk" not in shown
