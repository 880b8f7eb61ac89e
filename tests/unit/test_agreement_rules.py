"""The rules of the re-integration plan as pure functions: the progressive start
schedule, the follow-up proposal, the 14 days, what a plan needs before signing, and
the history of a version in words."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reset_core import agreement
from reset_core.errors import ValidationError, ValidationErrors
from reset_core.model import (
    AdjustmentArea,
    AgreementContent,
    AgreementStatus,
    AgreementVersion,
    Assessment,
    AssessmentOutcome,
    Case,
    CraftingAim,
    Goal,
    GoalOwner,
    MomentKind,
    Party,
    PartyRole,
    Phase,
    PlanAdjustment,
    PlanParties,
    SchedulePeriod,
)

MONDAY = date(2026, 9, 7)
NOW = datetime(2026, 9, 1, 10, 0)


def period(start: date, days: int, hours: float | None = 19.0, percent: float | None = None, per_week: float | None = 3.0) -> SchedulePeriod:
    return SchedulePeriod(start, start + timedelta(days=days - 1), hours, percent, per_week, "eigen taken")


def refused(key: str, call, *args, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        call(*args, **kwargs)
    assert caught.value.key == key
    return caught.value


def case(actual: date | None = None, expected: date | None = None) -> Case:
    return Case(
        id=7, facilitator="fien", phase=Phase.JOINT_DIALOGUE,
        employee=Party(PartyRole.EMPLOYEE, "Zoë Çelik"), manager=Party(PartyRole.MANAGER, "Katrien De Smet"),
        sick_leave_start=date(2026, 1, 5), created_at=NOW, updated_at=NOW,
        expected_return=expected, actual_return=actual,
    )


# --- the schedule ---------------------------------------------------------------------


def test_a_period_that_ends_before_it_starts_is_refused_with_its_row():
    error = refused(
        "agreement.period_end_before_start", agreement.validate_schedule,
        [period(MONDAY, 14), SchedulePeriod(MONDAY + timedelta(days=20), MONDAY + timedelta(days=14), 20.0)], 38.0,
    )
    assert error.field == "schedule" and error.params["row"] == 2


def test_a_one_day_period_is_allowed():
    (only,) = agreement.validate_schedule([SchedulePeriod(MONDAY, MONDAY, 7.6)], 38.0)
    assert only.start == only.end == MONDAY


def test_overlapping_periods_are_refused_naming_both_rows():
    error = refused("agreement.period_overlap", agreement.validate_schedule, [period(MONDAY, 14), period(MONDAY + timedelta(days=13), 14)], 38.0)
    assert (error.params["row"], error.params["other"]) == (2, 1)


def test_a_working_day_between_two_periods_is_a_gap_and_refused():
    refused("agreement.period_gap", agreement.validate_schedule, [period(MONDAY, 14), period(MONDAY + timedelta(days=15), 14)], 38.0)


def test_only_a_weekend_may_lie_between_two_periods():
    friday = MONDAY + timedelta(days=4)
    first = SchedulePeriod(MONDAY, friday, 19.0)
    then = SchedulePeriod(friday + timedelta(days=3), friday + timedelta(days=7), 22.8)
    assert agreement.validate_schedule([first, then], 38.0) == (replace(first, percent=50.0), replace(then, percent=60.0))
    refused("agreement.period_gap", agreement.validate_schedule, [first, replace(then, start=friday + timedelta(days=4))], 38.0)


def test_periods_entered_out_of_order_come_back_in_date_order():
    later, earlier = period(MONDAY + timedelta(days=14), 14, 22.8), period(MONDAY, 14, 19.0)
    assert [p.start for p in agreement.validate_schedule([later, earlier], 38.0)] == [earlier.start, later.start]


def test_hours_above_the_contract_are_refused():
    error = refused("agreement.period_above_contract", agreement.validate_schedule, [period(MONDAY, 14, 30.5)], 30.0)
    assert error.params == {"row": 1, "hours": "30,5", "contract": "30"}


def test_a_percentage_above_a_hundred_is_refused():
    refused("agreement.period_above_contract", agreement.validate_schedule, [period(MONDAY, 14, None, 110.0)], 38.0)


def test_the_whole_contract_is_allowed():
    (full,) = agreement.validate_schedule([period(MONDAY, 14, 38.0)], 38.0)
    assert full.percent == 100.0


def test_a_percentage_becomes_hours_of_the_contract_and_hours_become_a_percentage():
    from_percent, from_hours = agreement.validate_schedule([period(MONDAY, 14, None, 50.0), period(MONDAY + timedelta(days=14), 14, 28.5)], 38.0)
    assert (from_percent.hours_per_week, from_percent.percent) == (19.0, 50.0)
    assert (from_hours.hours_per_week, from_hours.percent) == (28.5, 75.0)


def test_hours_and_a_percentage_that_disagree_are_refused():
    refused("agreement.period_hours_percent_differ", agreement.validate_schedule, [period(MONDAY, 14, 19.0, 80.0)], 38.0)


def test_a_period_needs_hours_or_a_percentage_and_a_schedule_needs_the_contract():
    refused("agreement.period_hours_required", agreement.validate_schedule, [period(MONDAY, 14, None, None)], 38.0)
    assert refused("agreement.contract_hours_needed", agreement.validate_schedule, [period(MONDAY, 14)], None).field == "contract_hours"


def test_a_period_needs_both_dates_and_at_most_seven_days_a_week():
    refused("agreement.period_dates_required", agreement.validate_schedule, [SchedulePeriod(MONDAY, None, 19.0)], 38.0)
    refused("agreement.period_days_range", agreement.validate_schedule, [period(MONDAY, 14, per_week=8.0)], 38.0)
    refused("agreement.period_hours_positive", agreement.validate_schedule, [period(MONDAY, 14, 0.0)], 38.0)


now_and_then = st.sampled_from([False] * 9 + [True])


@st.composite
def schedules(draw) -> tuple[list[SchedulePeriod], float]:
    """Schedules as a facilitator types them: each period starts near where the one
    before ended (the day after, after a weekend, a few days later, or overlapping it),
    in hours or as a percentage, mostly within the contract, rows in any order. Many
    pass, with several periods, and many do not."""
    contract = draw(st.floats(1, 45))
    start = MONDAY + timedelta(days=draw(st.integers(0, 6)))
    periods = []
    for _ in range(draw(st.integers(1, 6))):
        # Now and then an end before the start, or more than the contract.
        end = start + timedelta(days=-1 if draw(now_and_then) else draw(st.integers(0, 30)))
        share = draw(st.floats(1.01, 1.5) if draw(now_and_then) else st.floats(0.05, 1))  # of the contract
        if draw(st.booleans()):
            periods.append(SchedulePeriod(start, end, round(contract * share, 2), None))
        else:
            periods.append(SchedulePeriod(start, end, None, round(100 * share, 1)))
        step = draw(st.sampled_from(["next day"] * 3 + ["after the weekend"] * 2 + ["days later", "overlapping"]))
        if step == "next day":
            start = end + timedelta(days=1)
        elif step == "after the weekend":
            start = end + timedelta(days=7 - end.weekday())  # the Monday after
        elif step == "days later":
            start = end + timedelta(days=draw(st.integers(2, 6)))
        else:
            start = end - timedelta(days=draw(st.integers(0, 3)))
    return draw(st.permutations(periods)), contract


def test_a_schedule_that_passes_never_overlaps_never_has_a_weekday_gap_and_stays_within_the_contract():
    seen: Counter[str] = Counter()

    @settings(max_examples=300, deadline=None, derandomize=True)  # the reach counted below is the same on every run
    @given(schedules())
    def check(schedule):
        periods, contract = schedule
        try:
            checked = agreement.validate_schedule(periods, contract)
        except ValidationError as refusal:
            seen[refusal.key] += 1
            return
        seen["passed, one period" if len(checked) == 1 else "passed, several periods"] += 1
        assert sorted(checked, key=lambda p: p.start) == list(checked) and len(checked) == len(periods)
        for a, b in zip(checked, checked[1:]):
            assert a.end < b.start
            gap = [a.end + timedelta(days=n) for n in range(1, (b.start - a.end).days)]
            assert all(day.weekday() >= 5 for day in gap)
        assert all(p.start <= p.end and 0 < p.hours_per_week <= contract and 0 < p.percent <= 100 for p in checked)

    check()
    # The checks above only mean something if the generator reaches what they check:
    # schedules of several periods that pass, and each refusal the rules make.
    assert seen["passed, several periods"] >= 20, seen
    for refusal in ("agreement.period_overlap", "agreement.period_gap", "agreement.period_above_contract"):
        assert seen[refusal] >= 5, seen


# --- the rest of the plan --------------------------------------------------------------


def every_problem(call, *args) -> dict[str, str]:
    """field -> message key of every problem one submission had."""
    with pytest.raises(ValidationErrors) as caught:
        call(*args)
    return {e.field: e.key for e in caught.value.errors}


def test_an_empty_adjustment_gets_a_message_for_each_of_its_fields_at_once():
    assert every_problem(agreement.check_adjustment, None, None, "  ") == {
        "area": "agreement.adjustment_area_missing", "aim": "agreement.adjustment_aim_missing", "text": "agreement.adjustment_text_missing",
    }


def test_an_incomplete_period_gets_a_message_for_each_of_its_fields_at_once():
    problems = every_problem(agreement.check_period, SchedulePeriod(MONDAY, None, None, None, 9.0, "x" * 3000), 38.0)
    assert problems == {
        "end": "agreement.period_end_missing", "hours": "agreement.period_hours_missing",
        "days": "agreement.period_days_between", "tasks": "agreement.too_long",
    }


def test_a_period_before_the_contract_hours_are_known_asks_for_them_first():
    assert every_problem(agreement.check_period, period(MONDAY, 14), None) == {"hours": "agreement.period_contract_first"}


def test_a_complete_period_comes_back_with_both_hours_and_percentage():
    checked = agreement.check_period(period(MONDAY, 14, None, 50.0), 38.0)
    assert (checked.hours_per_week, checked.percent) == (19.0, 50.0)


def test_changing_only_the_hours_of_a_saved_period_lets_its_percentage_follow():
    saved = period(MONDAY, 14, 19.0, 50.0)
    assert agreement.edited_period(saved, replace(saved, hours_per_week=20.9)).percent is None
    assert agreement.edited_period(saved, replace(saved, percent=60.0)).hours_per_week is None
    both = replace(saved, hours_per_week=22.8, percent=60.0)
    assert agreement.edited_period(saved, both) == both
    assert agreement.edited_period(None, both) == both


def test_a_new_contract_total_keeps_the_hours_of_every_period():
    rebased = agreement.validate_schedule(agreement.rebased_schedule((period(MONDAY, 14, 19.0, 50.0),)), 40.0)
    assert (rebased[0].hours_per_week, rebased[0].percent) == (19.0, 47.5)


def test_a_draft_may_keep_a_gap_that_a_plan_for_signing_may_not():
    with_gap = [period(MONDAY, 14), period(MONDAY + timedelta(days=15), 14)]
    assert len(agreement.validate_schedule(with_gap, 38.0, gaps=True)) == 2
    refused("agreement.period_gap", agreement.validate_schedule, with_gap, 38.0)


def test_an_adjustment_needs_an_arrangement():
    content = AgreementContent(adjustments=(PlanAdjustment(AdjustmentArea.TASKS, CraftingAim.RAISE_CHALLENGE, "  "),))
    error = refused("agreement.adjustment_text_required", agreement.validate_content, content)
    assert error.field == "adjustments" and error.params["row"] == 1


def test_an_adjustment_needs_a_kind_and_an_aim():
    content = AgreementContent(adjustments=(PlanAdjustment("", CraftingAim.RAISE_RESOURCE, "Buddy"),))
    refused("agreement.adjustment_kind_required", agreement.validate_content, content)


def test_the_validity_cannot_end_before_it_starts_and_holds_the_schedule():
    refused("agreement.validity_order", agreement.validate_content, AgreementContent(valid_from=MONDAY, valid_until=MONDAY - timedelta(days=1)))
    content = AgreementContent(contract_hours=38.0, schedule=(period(MONDAY, 14),), valid_from=MONDAY + timedelta(days=1))
    refused("agreement.schedule_outside_validity", agreement.validate_content, content)


def test_follow_up_dates_are_put_in_order_and_a_date_twice_is_refused():
    later, sooner = date(2027, 3, 1), date(2026, 12, 1)
    assert agreement.validate_content(AgreementContent(follow_ups=(later, sooner))).follow_ups == (sooner, later)
    refused("agreement.follow_up_twice", agreement.validate_content, AgreementContent(follow_ups=(later, later)))


def test_contract_hours_must_be_a_working_week():
    refused("agreement.contract_hours_range", agreement.validate_content, AgreementContent(contract_hours=0.0))
    refused("agreement.contract_hours_range", agreement.validate_content, AgreementContent(contract_hours=61.0))


def test_a_plan_is_ready_for_signing_only_with_something_concrete_a_validity_and_a_follow_up():
    ready = AgreementContent(
        contract_hours=38.0, schedule=(period(MONDAY, 14),), valid_from=MONDAY,
        valid_until=date(2027, 6, 7), follow_ups=(date(2026, 12, 7),),
    )
    agreement.check_ready(ready)
    refused("agreement.plan_empty", agreement.check_ready, replace(ready, schedule=()))
    refused("agreement.validity_required", agreement.check_ready, replace(ready, valid_until=None))
    refused("agreement.follow_ups_required", agreement.check_ready, replace(ready, follow_ups=()))


# --- dates --------------------------------------------------------------------------------


def test_follow_ups_are_proposed_three_six_and_nine_months_after_the_actual_return():
    assert agreement.proposed_follow_ups(case(actual=date(2026, 9, 7), expected=date(2026, 8, 1))) == (
        date(2026, 12, 7), date(2027, 3, 7), date(2027, 6, 7),
    )


def test_without_an_actual_return_the_expected_return_is_used_and_without_both_nothing_is_proposed():
    assert agreement.proposed_follow_ups(case(expected=date(2026, 8, 1)))[0] == date(2026, 11, 1)
    assert agreement.proposed_follow_ups(case()) == ()
    assert agreement.proposal(case()).valid_from is None


def test_a_return_at_the_end_of_a_month_gets_follow_ups_on_days_that_exist():
    assert agreement.proposed_follow_ups(case(expected=date(2026, 11, 30))) == (date(2027, 2, 28), date(2027, 5, 30), date(2027, 8, 30))
    assert agreement.proposed_follow_ups(case(expected=date(2027, 11, 30)))[0] == date(2028, 2, 29)


def test_the_employee_has_fourteen_calendar_days_to_answer():
    assert agreement.answer_deadline(date(2026, 9, 1)) == date(2026, 9, 15)


# --- the history in words ----------------------------------------------------------------


def version(number: int, content: AgreementContent, goals: tuple[Goal, ...] = (), modalities: str = "") -> AgreementVersion:
    parties = PlanParties(
        Party(PartyRole.EMPLOYEE, "Zoë Çelik"), Party(PartyRole.MANAGER, "Katrien De Smet"), "Fien",
        Assessment(AssessmentOutcome.A, date(2026, 6, 1), modalities),
    )
    return AgreementVersion(
        number, 7, number, "", AgreementStatus.SIGNED, content, 3, parties, goals, None, None, (), None, "", "fien", NOW, NOW,
    )


def goal(goal_id: int, description: str) -> Goal:
    return Goal(goal_id, 7, "team_relations", GoalOwner.TEAM, description, "Beiden zeggen het", MomentKind.M6, NOW)



def test_an_offered_plan_goes_back_to_a_draft_only_while_nobody_confirmed_or_refused_it():
    from reset_core.model import Signature, Signer

    offered = replace(version(1, AgreementContent()), status=AgreementStatus.OFFERED)
    assert agreement.can_reopen(offered)
    signed_once = replace(offered, signatures=(Signature(Signer.MANAGER, "Katrien De Smet", NOW, "fien"),))
    assert not agreement.can_reopen(signed_once)
    assert not agreement.can_reopen(replace(offered, refused_at=NOW))
    for status in (AgreementStatus.DRAFT, AgreementStatus.SIGNED):
        assert not agreement.can_reopen(replace(offered, status=status))

BASE = AgreementContent(
    contract_hours=38.0,
    adjustments=(PlanAdjustment(AdjustmentArea.WORKLOAD, CraftingAim.LOWER_HINDERING_DEMAND, "Geen piekdagen"),),
    schedule=(period(MONDAY, 14, 19.0, 50.0),),
    buddy="Jan",
    follow_ups=(date(2026, 12, 7),),
)


def test_the_same_content_shows_no_changes():
    assert agreement.changes(version(1, BASE, (goal(1, "Samenwerking"),)), version(2, BASE, (goal(1, "Samenwerking"),))) == []


def test_the_history_says_in_words_which_fields_changed():
    after = replace(
        BASE,
        contract_hours=36.0,
        adjustments=BASE.adjustments + (PlanAdjustment(AdjustmentArea.RELATIONS_SUPPORT, CraftingAim.RAISE_RESOURCE, "Teamgesprek"),),
        schedule=(replace(BASE.schedule[0], hours_per_week=21.6, percent=60.0), period(MONDAY + timedelta(days=14), 14, 28.8, 80.0)),
        buddy="",
        coaching="Drie gesprekken",
    )
    lines = agreement.changes(version(1, BASE, (goal(1, "Samenwerking"),)), version(2, after, (goal(2, "Overdrachten"),), "Halve dagen"), "nl")
    assert "Contractuele uren per week: 38 → 36" in lines
    assert "Aanpassing toegevoegd: Relaties en steun · versterkt een hulpbron · Teamgesprek" in lines
    assert "Periode 1: Uren/week: 19 → 21,6; % van het contract: 50 → 60" in lines
    assert any(line.startswith("Periode 2 toegevoegd: 21/09/2026 – 04/10/2026") for line in lines)
    assert "Buddy geschrapt (was: Jan)" in lines
    assert "Coaching toegevoegd: Drie gesprekken" in lines
    assert "Doel geschrapt: Teamrelaties en collega's: Samenwerking" in lines
    assert "Doel toegevoegd: Teamrelaties en collega's: Overdrachten" in lines
    assert any(line.startswith("Beoordeling door de arbeidsarts: A - ") and line.endswith("01/06/2026 · Halve dagen") for line in lines)


def test_the_history_speaks_english_too():
    lines = agreement.changes(version(1, BASE), version(2, replace(BASE, adjustments=())), "en")
    assert lines == ["Adjustment removed: Workload · lowers a hindering demand · Geen piekdagen"]


def test_every_kind_aim_status_signer_and_goal_owner_has_a_label_in_both_languages():
    from reset_core.i18n import catalogue
    from reset_core.model import Signer

    wanted = (
        [f"adjustment_area.{a.value}" for a in AdjustmentArea]
        + [f"crafting_aim.{a.value}" for a in CraftingAim]
        + [f"agreement_status.{s.value}" for s in AgreementStatus]
        + [f"signer.{s.value}" for s in Signer]
        + [f"agreement.tick_{s.value}" for s in Signer]
        + [f"agreement.owner_{o.value}" for o in GoalOwner]
    )
    for lang in ("nl", "en"):
        assert [key for key in wanted if key not in catalogue(lang)] == []
