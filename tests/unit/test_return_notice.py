"""The dates around the return: the last working day before a schedule step (weekends and
Belgian public holidays), which steps need a progressive-return notice, and when a safety
function's medical check is due."""

from __future__ import annotations

from datetime import date, timedelta

from dateutil.easter import easter as easter_oracle
from hypothesis import given
from hypothesis import strategies as st

from reset_core import return_notice as rn
from reset_core.model import SchedulePeriod

years = st.integers(min_value=1990, max_value=2100)
# Plain days reach weekends; days around each public holiday (and around Easter, whose
# Monday, Ascension and Whit Monday move) make sure holidays are reached too.
def nth_holiday(year: int, which: int) -> date:
    # Ten holidays, but nine dates in a year whose Ascension falls on 1 May (2008).
    holidays = sorted(rn.belgian_holidays(year))
    return holidays[which % len(holidays)]


around_holidays = st.builds(
    lambda year, which, shift: nth_holiday(year, which) + timedelta(days=shift),
    years, st.integers(min_value=0, max_value=9), st.integers(min_value=-3, max_value=4),
)
days = st.one_of(st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)), around_holidays)


@given(years)
def test_easter_falls_where_the_gregorian_calendar_puts_it(year):
    assert rn.easter(year) == easter_oracle(year)


def test_the_ten_belgian_public_holidays_of_2027():
    assert sorted(rn.belgian_holidays(2027)) == [
        date(2027, 1, 1), date(2027, 3, 29), date(2027, 5, 1), date(2027, 5, 6), date(2027, 5, 17),
        date(2027, 7, 21), date(2027, 8, 15), date(2027, 11, 1), date(2027, 11, 11), date(2027, 12, 25),
    ]


@given(days)
def test_the_notice_is_due_the_last_working_day_before_the_step_and_no_working_day_lies_between(start):
    due = rn.last_working_day_before(start)
    assert due < start and due.weekday() < 5 and due not in rn.belgian_holidays(due.year)
    between = [due + timedelta(days=n) for n in range(1, (start - due).days)]
    assert all(d.weekday() >= 5 or d in rn.belgian_holidays(d.year) for d in between)


def test_a_monday_after_a_weekend_and_a_step_after_easter_monday_go_back_to_the_friday():
    assert rn.last_working_day_before(date(2026, 11, 30)) == date(2026, 11, 27)  # a Monday
    assert rn.last_working_day_before(date(2027, 3, 30)) == date(2027, 3, 26)  # Tuesday after Easter Monday
    assert rn.last_working_day_before(date(2026, 11, 12)) == date(2026, 11, 10)  # the day after Armistice Day
    assert rn.last_working_day_before(date(2027, 1, 4)) == date(2026, 12, 31)  # over New Year's Day and a weekend


def step(start: date, hours: float | None, days_per_week: float | None = None) -> SchedulePeriod:
    return SchedulePeriod(start, start + timedelta(days=6), hours, None, days_per_week)


def test_the_first_step_and_every_change_of_hours_or_days_need_a_notice_but_full_hours_do_not():
    schedule = (
        step(date(2027, 3, 1), 19.0, 3), step(date(2027, 3, 8), 19.0, 3),  # unchanged
        step(date(2027, 3, 15), 19.0, 4),  # same hours over more days
        step(date(2027, 3, 22), 30.4, 4), step(date(2027, 3, 29), 38.0, 5),  # full hours end the progressive return
    )
    steps = rn.notice_steps(schedule, 38.0, {date(2027, 3, 1): date(2027, 2, 20)})
    assert [(s.start, s.due_on, s.filed_on) for s in steps] == [
        (date(2027, 3, 1), date(2027, 2, 26), date(2027, 2, 20)),
        (date(2027, 3, 15), date(2027, 3, 12), None),
        (date(2027, 3, 22), date(2027, 3, 19), None),
    ]


@given(st.lists(st.tuples(st.integers(1, 4), st.sampled_from([7.6, 15.2, 19.0, 22.8, 30.4, 38.0])), min_size=1, max_size=6), days)
def test_every_step_that_needs_a_notice_changes_hours_or_days_from_the_step_before(shape, first):
    schedule, start = [], first
    for weeks, hours in shape:
        schedule.append(SchedulePeriod(start, start + timedelta(weeks=weeks) - timedelta(days=1), hours, None, None))
        start += timedelta(weeks=weeks)
    by_start = {p.start: (i, p) for i, p in enumerate(schedule)}
    for notice in rn.notice_steps(schedule, 38.0, {}):
        i, period = by_start[notice.start]
        assert period.hours_per_week != 38.0
        assert i == 0 or schedule[i - 1].hours_per_week != period.hours_per_week
        assert notice.due_on == rn.last_working_day_before(notice.start)


def test_a_notice_filed_after_its_due_day_is_late():
    (filed,) = rn.notice_steps((step(date(2027, 3, 30), 19.0),), 38.0, {date(2027, 3, 30): date(2027, 3, 29)})
    assert filed.due_on == date(2027, 3, 26) and filed.late


def test_the_safety_check_falls_within_ten_working_days_of_a_return_after_four_weeks_of_absence():
    sick = date(2027, 1, 4)
    assert rn.safety_check_due(sick, sick + timedelta(days=27), None) is None  # under four weeks
    assert rn.safety_check_due(sick, date(2027, 2, 1), None) == date(2027, 2, 15)  # Monday back: ten working days on
    assert rn.safety_check_due(sick, None, None) is None  # no return known: nothing to count from yet
    # Back on Easter Monday 2027 (29/03, a holiday): its own day is not counted, nor are weekends.
    assert rn.safety_check_due(sick, date(2027, 3, 1), date(2027, 3, 29)) == date(2027, 4, 12)
    assert rn.safety_check_due(sick, date(2027, 3, 1), None) == date(2027, 3, 15)


@given(st.dates(date(2026, 1, 1), date(2030, 12, 31)))
def test_the_safety_checks_last_day_is_the_tenth_working_day_after_the_return(back):
    due = rn.safety_check_due(back - timedelta(days=60), back, None)
    days = [back + timedelta(days=n) for n in range(1, (due - back).days + 1)]
    assert rn.is_working_day(due) and sum(map(rn.is_working_day, days)) == 10
