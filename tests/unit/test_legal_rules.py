"""The legal track's pure rules: which document the plan is, its deadlines (calendar days,
month ends, leap years, the appeal period), the region's language, the growth rule."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reset_core import legal_track as legal
from reset_core.errors import ValidationError
from reset_core.model import (
    AdjustmentArea,
    Assessment,
    AssessmentOutcome,
    CraftingAim,
    DocumentKind,
    LegalTrack,
    PlanAdjustment,
    Region,
    Track,
)

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31))
FORMAL = LegalTrack(1, Track.FORMAL, Region.FLANDERS)
VOLUNTARY = LegalTrack(1, Track.VOLUNTARY, Region.FLANDERS)


def decided(outcome: str, on: date = date(2026, 6, 1)) -> Assessment:
    return Assessment(AssessmentOutcome(outcome), on)


@pytest.mark.parametrize(
    ("track", "assessment", "kind"),
    [
        (FORMAL, decided("A"), DocumentKind.CODEX_PLAN),
        (FORMAL, decided("B"), DocumentKind.CODEX_PLAN),
        (FORMAL, decided("C"), DocumentKind.RETURN_AGREEMENT),
        (FORMAL, None, DocumentKind.RETURN_AGREEMENT),
        (VOLUNTARY, decided("A"), DocumentKind.RETURN_AGREEMENT),
        (None, decided("A"), DocumentKind.RETURN_AGREEMENT),
    ],
)
def test_only_a_formal_trajectory_with_decision_a_or_b_makes_the_codex_plan(track, assessment, kind):
    assert legal.document_kind(track, assessment) is kind


def test_the_screen_says_why_in_one_sentence_per_situation():
    assert legal.why(None, decided("A")) == "legal.why_unrecorded"
    assert legal.why(VOLUNTARY, decided("A")) == "legal.why_voluntary"
    assert legal.why(FORMAL, None) == "legal.why_no_assessment"
    assert legal.why(FORMAL, decided("C")) == "legal.why_c"


@given(days)
def test_the_plan_is_due_63_calendar_days_after_decision_a(on):
    due = legal.plan_due(FORMAL, decided("A", on))
    assert (due - on).days == 63


@given(days)
def test_the_plan_under_b_is_due_6_months_after_the_end_of_the_appeal_period(appeal_end):
    track = LegalTrack(1, Track.FORMAL, Region.WALLONIA, appeal_end=appeal_end)
    due = legal.plan_due(track, decided("B", appeal_end - timedelta(days=10)))
    months = (due.year - appeal_end.year) * 12 + due.month - appeal_end.month
    assert months == 6
    last = calendar.monthrange(due.year, due.month)[1]
    assert due.day == min(appeal_end.day, last)


def test_six_months_after_the_last_of_august_is_the_last_of_february_leap_year_or_not():
    assert legal.add_months(date(2027, 8, 31), 6) == date(2028, 2, 29)
    assert legal.add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert legal.add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)


def test_without_the_end_of_the_appeal_period_no_plan_date_is_invented_under_b():
    assert legal.plan_due(FORMAL, decided("B")) is None


def test_no_plan_is_due_under_c_nor_on_a_voluntary_return():
    assert legal.plan_due(FORMAL, decided("C")) is None
    assert legal.plan_due(VOLUNTARY, decided("A")) is None


@given(days)
def test_the_answer_window_is_14_days_counted_from_the_day_after_receipt(received):
    last = legal.answer_due(received)
    first = received + timedelta(days=1)
    assert (last - first).days + 1 == 14
    assert legal.reminder_due(last) == last + timedelta(days=1)


@given(days)
def test_reassessment_under_c_comes_no_earlier_than_3_months(on):
    again = legal.reassessment_from(FORMAL, decided("C", on))
    assert again >= on + timedelta(days=89)
    assert legal.add_months(on, 3) == again
    assert legal.reassessment_from(FORMAL, decided("A", on)) is None


@pytest.mark.parametrize(
    ("region", "employee", "expected"),
    [
        (Region.FLANDERS, "fr", "nl"), (Region.WALLONIA, "nl", "fr"), (Region.GERMAN, "nl", "de"),
        (Region.BRUSSELS, "fr", "fr"), (Region.BRUSSELS, "nl", "nl"), (Region.BRUSSELS, "en", "nl"),
        (None, "nl", None),
    ],
)
def test_the_legal_language_follows_the_region_and_in_brussels_the_employee(region, employee, expected):
    assert legal.legal_language(region, employee) == expected


LOWER = PlanAdjustment(AdjustmentArea.WORKLOAD, CraftingAim.LOWER_HINDERING_DEMAND, "Geen piekdagen")
GROW = PlanAdjustment(AdjustmentArea.TASKS, CraftingAim.RAISE_CHALLENGE, "Nieuw project")


def test_a_plan_of_only_demand_lowering_adjustments_needs_a_recorded_reason():
    with pytest.raises(ValidationError) as error:
        legal.check_growth([LOWER, LOWER], FORMAL)
    assert error.value.key == "legal.growth_missing"
    legal.check_growth([LOWER, GROW], FORMAL)
    legal.check_growth([LOWER], LegalTrack(1, Track.FORMAL, growth_reason="Eerst rust, op vraag van de arbeidsarts"))


def test_the_insurers_advising_physician_and_return_to_work_coordinator_have_names_in_every_language():
    from reset_core.i18n import catalogue
    from reset_core.model import PersonRole, TrajectoryStart

    for lang in ("nl", "en"):
        words = catalogue(lang)
        assert [r for r in PersonRole if f"person_role.{r.value}" not in words] == []
        assert [s for s in TrajectoryStart if f"trajectory.{s.value}" not in words] == []
    assert catalogue("nl")["person_role.advising_physician"] == "adviserend arts van het ziekenfonds"
