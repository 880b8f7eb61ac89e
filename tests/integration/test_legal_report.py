"""Around the legal plan on a real database: the motivated report when no plan is possible
(every problem at once, its deadline, its PDF), the progressive-return notice per schedule
step on the home list and in the .ics, and the safety function's medical check."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date, datetime

import pytest
from icalendar import Calendar
from pypdf import PdfReader

from reset_core import agreement, followup, history, intake, legal_report, legal_track
from reset_core.documents.legal_report import document
from reset_core.errors import ValidationError, ValidationErrors
from reset_core.model import (
    PROCESSING,
    AdjustmentArea,
    Assessment,
    AssessmentOutcome,
    CraftingAim,
    PlanAdjustment,
    ReportGround,
    SchedulePeriod,
    TrajectoryStart,
)
from tests.conftest import open_case

NOW = datetime(2027, 3, 15, 10)
RETURN = date(2027, 3, 30)  # the Tuesday after Easter Monday 2027


def clock():
    return NOW


def a_case(store, facilitator, outcome="B", track="formal", expected_return=RETURN):
    case_id = open_case(
        store, facilitator, sick_leave_start=date(2026, 6, 1), expected_return=expected_return, started_by=TrajectoryStart.EMPLOYEE,
        assessment=Assessment(AssessmentOutcome(outcome), date(2026, 9, 1), "Aangepast werk") if outcome else None,
    )
    intake.record_consent(store, facilitator, case_id, PROCESSING, True, date(2026, 6, 20), clock=clock)
    if track:
        legal_track.save(store, facilitator, case_id, track, "flanders", date(2026, 10, 1) if outcome == "B" else None, clock=clock)
    return case_id


def test_a_motivated_report_with_no_ground_no_reasons_and_a_future_date_gets_every_message_at_once(store, facilitator):
    case_id = a_case(store, facilitator)
    with pytest.raises(ValidationErrors) as problems:
        legal_report.save_report(store, facilitator, case_id, None, "  ", date(2027, 3, 16), clock=clock)
    assert {e.field: e.key for e in problems.value.errors} == {
        "ground": "legal_report.ground_required", "reasons": "legal_report.reasons_required", "made_on": "legal_report.made_on_future",
    }
    assert legal_track.load(store, facilitator, case_id, clock).facts.report is None  # nothing half-saved


@pytest.mark.parametrize("outcome, track", [("C", "formal"), (None, "formal"), ("A", "voluntary")])
def test_no_motivated_report_where_no_plan_is_due(store, facilitator, outcome, track):
    case_id = a_case(store, facilitator, outcome, track)
    with pytest.raises(ValidationError) as problem:
        legal_report.save_report(store, facilitator, case_id, "objective", "Geen aangepast werk mogelijk.", date(2027, 3, 1), clock=clock)
    assert problem.value.key == "legal_report.not_codex"


def test_the_motivated_report_takes_the_plans_place_and_reads_back_as_its_own_document(store, facilitator):
    case_id = a_case(store, facilitator, "B")
    assert [d.kind for d in legal_track.load(store, facilitator, case_id, clock).deadlines] == ["plan_due_b"]
    for _ in range(2):  # a double click records the same report twice
        legal_report.save_report(
            store, facilitator, case_id, "unreasonable", "Het enige aangepaste werk ligt 120 km verder, zonder openbaar vervoer.",
            date(2027, 3, 1), clock=clock,
        )
    legal = legal_track.load(store, facilitator, case_id, clock)
    assert legal.facts.report.ground is ReportGround.UNREASONABLE and legal.facts.report.version == 2
    assert legal.deadlines == ()  # the plan due is met by the report
    for lang, title, due in (("nl", "Gemotiveerd verslag", "01/04/2027"), ("fr", "Rapport motivé", "01/04/2027"), ("de", "Begründeter Bericht", "01/04/2027")):
        text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(document(store, facilitator, case_id, lang, clock))).pages)
        assert title in text and due in text, (lang, text)
        assert "120 km verder" in " ".join(text.split())
        if lang == "nl":  # its footer names the case and the report's version, like every document's
            assert f"Dossier #{case_id} · gemotiveerd verslag, versie 2" in text
    words = [line.what for line in history.case_history(store, facilitator, case_id, "nl")]
    assert "Gemotiveerd verslag vastgelegd" in words and "Gemotiveerd verslag als PDF gemaakt" in words


def offered_plan(store, facilitator, case_id):
    agreement.start(store, facilitator, case_id, clock)
    first = agreement.load(store, facilitator, case_id, clock).version(1)
    content = replace(
        first.content, contract_hours=38.0,
        adjustments=(PlanAdjustment(AdjustmentArea.RELATIONS_SUPPORT, CraftingAim.RAISE_RESOURCE, "Wekelijks gesprek"),),
        schedule=(
            SchedulePeriod(date(2027, 3, 30), date(2027, 4, 11), 19.0, None, 3.0),
            SchedulePeriod(date(2027, 4, 12), date(2027, 4, 25), 19.0, None, 3.0),  # unchanged: no new notice
            SchedulePeriod(date(2027, 4, 26), date(2027, 5, 6), 30.4, None, 4.0),
            SchedulePeriod(date(2027, 5, 7), date(2027, 5, 16), 34.2, None, 5.0),
            SchedulePeriod(date(2027, 5, 17), date(2027, 5, 30), 38.0, None, 5.0),  # full hours: the progressive return ends
        ),
    )
    saved = agreement.save_draft(store, facilitator, case_id, 1, content, first.revision, clock)
    agreement.offer(store, facilitator, case_id, 1, NOW.date(), saved.revision, clock)


def test_each_schedule_step_that_changes_hours_or_days_needs_a_notice_by_the_last_working_day_before_it(store, facilitator):
    case_id = a_case(store, facilitator, "A")
    offered_plan(store, facilitator, case_id)
    legal = legal_track.load(store, facilitator, case_id, clock)
    # Easter Monday 29/3 and a weekend before the first step; Ascension Day 6/5 before the fourth.
    assert [(s.start, s.due_on) for s in legal.notices] == [
        (date(2027, 3, 30), date(2027, 3, 26)), (date(2027, 4, 26), date(2027, 4, 23)), (date(2027, 5, 7), date(2027, 5, 5)),
    ]
    notices = [(d.due_on, d.step_start) for d in legal.deadlines if d.kind == "notice_due"]
    assert notices == [(s.due_on, s.start) for s in legal.notices]
    home = [(i.kind, i.due_on) for i in followup.due_items(store, facilitator, today=date(2027, 3, 20), clock=clock) if i.what == "legal"]
    assert ("notice_due", date(2027, 3, 26)) in home and ("notice_due", date(2027, 4, 23)) not in home
    events = Calendar.from_ical(legal_track.calendar_file(store, facilitator, case_id, "nl", clock)).walk("VEVENT")
    assert len({str(e["uid"]) for e in events}) == len(events) >= 3
    assert any("30/03/2027" in str(e["description"]) for e in events)


def test_a_notice_marked_filed_leaves_the_deadlines_and_a_late_one_says_so(store, facilitator):
    case_id = a_case(store, facilitator, "A")
    offered_plan(store, facilitator, case_id)
    legal_report.file_notice(store, facilitator, case_id, date(2027, 3, 30), date(2027, 3, 15), clock)
    legal = legal_track.load(store, facilitator, case_id, clock)
    assert date(2027, 3, 30) not in {d.step_start for d in legal.deadlines}
    assert legal.notices[0].filed_on == date(2027, 3, 15) and not legal.notices[0].late
    with pytest.raises(ValidationErrors) as problems:  # a day that starts no step, a date still to come
        legal_report.file_notice(store, facilitator, case_id, date(2027, 4, 12), date(2027, 3, 16), clock)
    assert {e.key for e in problems.value.errors} == {"legal_report.notice_no_step", "legal_report.filed_on_future"}
    words = [line.what for line in history.case_history(store, facilitator, case_id, "nl")]
    assert "Melding progressieve werkhervatting vastgelegd" in words


def test_a_safety_function_after_four_weeks_of_absence_puts_the_medical_check_on_the_home_list(store, facilitator):
    case_id = a_case(store, facilitator, outcome=None, track=None)  # back on Tuesday 30/03/2027
    today = date(2027, 4, 1)
    assert not [i for i in followup.due_items(store, facilitator, today=today, clock=clock) if i.what == "legal"]
    legal_report.save_safety(store, facilitator, case_id, True, clock)
    items = [(i.case_id, i.kind, i.due_on) for i in followup.due_items(store, facilitator, today=today, clock=clock) if i.what == "legal"]
    assert items == [(case_id, "safety_check", date(2027, 4, 13))]  # the tenth working day after the return
    legal_report.save_safety(store, facilitator, case_id, False, clock)
    assert not [i for i in followup.due_items(store, facilitator, today=today, clock=clock) if i.what == "legal"]


def test_the_examination_once_recorded_takes_the_safety_check_off_the_home_list_and_stays_when_the_answer_is_saved_again(store, facilitator):
    case_id = a_case(store, facilitator, outcome=None, track=None)  # back on Tuesday 30/03/2027
    today = date(2027, 4, 1)
    legal_report.save_safety(store, facilitator, case_id, True, clock)
    with pytest.raises(ValidationError) as refused:
        legal_report.record_examination(store, facilitator, case_id, date(2027, 3, 29), lambda: datetime(2027, 4, 1, 10))
    assert (refused.value.key, refused.value.field) == ("legal_report.examined_on_before_return", "examined_on")
    legal_report.record_examination(store, facilitator, case_id, date(2027, 3, 31), lambda: datetime(2027, 4, 1, 10))
    legal_report.save_safety(store, facilitator, case_id, True, clock)
    assert not [i for i in followup.due_items(store, facilitator, today=today, clock=clock) if i.what == "legal"]


def test_an_examination_without_a_safety_function_or_a_date_is_refused_with_every_message_at_once(store, facilitator):
    case_id = a_case(store, facilitator, outcome=None, track=None)
    with pytest.raises(ValidationErrors) as refused:
        legal_report.record_examination(store, facilitator, case_id, None, clock)
    assert sorted(e.key for e in refused.value.errors) == ["legal_report.examination_no_safety", "legal_report.examined_on_required"]
