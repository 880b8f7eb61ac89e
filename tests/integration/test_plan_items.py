"""The plan edited one adjustment, one period, one follow-up date at a time: each change
whole or not at all, against the draft as it was read."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from reset_core import agreement, intake
from reset_core.errors import ValidationError
from reset_core.model import PROCESSING, SchedulePeriod
from tests.conftest import Clock, open_case

RETURN = date(2026, 9, 7)  # a Monday


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 9, 1, 10, 0))


@pytest.fixture
def draft(store, facilitator, clock):
    case_id = open_case(store, facilitator, sick_leave_start=date(2026, 3, 2), expected_return=RETURN)
    intake.record_consent(store, facilitator, case_id, PROCESSING, True, date(2026, 3, 20))
    agreement.start(store, facilitator, case_id, clock)
    version = agreement.load(store, facilitator, case_id, clock).version(1)
    agreement.set_contract_hours(store, facilitator, case_id, 1, 38.0, version.revision, clock)
    return case_id


def current(store, facilitator, case_id, clock):
    return agreement.load(store, facilitator, case_id, clock).version(1)


def add(store, facilitator, case_id, clock, start: date, weeks: int, hours: float = 19.0):
    revision = current(store, facilitator, case_id, clock).revision
    period = SchedulePeriod(start, start + timedelta(days=7 * weeks - 3), hours, None, 3.0, "")  # Monday to Friday
    return agreement.save_period(store, facilitator, case_id, 1, None, period, revision, clock)


def test_periods_added_out_of_order_are_kept_in_date_order(store, facilitator, draft, clock):
    add(store, facilitator, draft, clock, RETURN + timedelta(days=14), 2)
    add(store, facilitator, draft, clock, RETURN, 2, 15.0)
    starts = [p.start for p in current(store, facilitator, draft, clock).content.schedule]
    assert starts == [RETURN, RETURN + timedelta(days=14)]


def test_removing_a_middle_period_is_saved_but_the_gap_stops_the_offer(store, facilitator, draft, clock):
    for week in (0, 2, 4):
        add(store, facilitator, draft, clock, RETURN + timedelta(days=7 * week), 2)
    version = current(store, facilitator, draft, clock)
    agreement.remove_period(store, facilitator, draft, 1, 1, version.revision, clock)
    version = current(store, facilitator, draft, clock)
    assert len(version.content.schedule) == 2
    with pytest.raises(ValidationError) as refused:
        agreement.offer(store, facilitator, draft, 1, date(2026, 9, 1), version.revision, clock)
    assert refused.value.key == "agreement.period_gap"


def test_a_period_leaving_a_gap_after_the_previous_one_is_refused_and_nothing_saved(store, facilitator, draft, clock):
    add(store, facilitator, draft, clock, RETURN, 2)
    with pytest.raises(ValidationError) as refused:
        add(store, facilitator, draft, clock, RETURN + timedelta(days=21), 2)
    assert (refused.value.key, refused.value.field) == ("agreement.period_gap_before", "start")
    assert len(current(store, facilitator, draft, clock).content.schedule) == 1


def test_a_change_from_a_stale_screen_is_refused_and_nothing_saved(store, facilitator, draft, clock):
    stale = current(store, facilitator, draft, clock).revision
    add(store, facilitator, draft, clock, RETURN, 2)
    with pytest.raises(ValidationError) as refused:
        agreement.save_adjustment(store, facilitator, draft, 1, None, "workload", "lower_hindering_demand", "Geen piekdagen", stale, clock)
    assert refused.value.key == "agreement.changed_meanwhile"
    assert current(store, facilitator, draft, clock).content.adjustments == ()


def test_a_follow_up_date_is_kept_once_and_in_order(store, facilitator, draft, clock):
    before = current(store, facilitator, draft, clock)
    extra = before.content.follow_ups[0] - timedelta(days=10)
    agreement.add_follow_up(store, facilitator, draft, 1, extra, before.revision, clock)
    after = current(store, facilitator, draft, clock)
    assert after.content.follow_ups == (extra, *before.content.follow_ups)
    with pytest.raises(ValidationError) as refused:
        agreement.add_follow_up(store, facilitator, draft, 1, extra, after.revision, clock)
    assert refused.value.key == "agreement.follow_up_twice"
