"""The rhythm of the check-ins in the first weeks back (reset_core.checkins): weekly, then
every fortnight until the 3-month follow-up, each on a Belgian working day."""

from datetime import date, timedelta

import pytest

from reset_core.checkins import rhythm_dates
from reset_core.dates import add_months
from reset_core.return_notice import is_working_day


def days(*text: str) -> list[date]:
    out = []
    for item in text:
        d, m, y = map(int, item.split("/"))
        out.append(date(y, m, d))
    return out


def test_a_return_on_28_january_checks_in_weekly_for_four_weeks_then_every_fortnight_until_the_three_months():
    start = date(2026, 1, 28)
    assert rhythm_dates(start, add_months(start, 3), 4) == days(
        "04/02/2026", "11/02/2026", "18/02/2026", "25/02/2026", "11/03/2026", "25/03/2026", "08/04/2026", "22/04/2026",
    )


def test_six_weekly_weeks_make_six_weekly_check_ins_before_the_fortnights():
    start = date(2026, 1, 28)
    assert rhythm_dates(start, add_months(start, 3), 6) == days(
        "04/02/2026", "11/02/2026", "18/02/2026", "25/02/2026", "04/03/2026", "11/03/2026", "25/03/2026", "08/04/2026", "22/04/2026",
    )


def test_a_return_on_29_february_of_a_leap_year_runs_until_29_may():
    start = date(2028, 2, 29)  # a Tuesday
    until = add_months(start, 3)
    assert until == date(2028, 5, 29)
    assert rhythm_dates(start, until, 4) == days(
        "07/03/2028", "14/03/2028", "21/03/2028", "28/03/2028", "11/04/2028", "25/04/2028", "09/05/2028", "23/05/2028",
    )


def test_a_check_in_on_the_national_holiday_of_21_july_moves_to_the_next_working_day():
    start = date(2026, 7, 14)  # a Tuesday: the first check-in falls on Tuesday 21 July
    assert rhythm_dates(start, add_months(start, 3), 4)[:2] == days("22/07/2026", "28/07/2026")


def test_a_check_in_on_armistice_day_moves_to_the_next_working_day():
    start = date(2026, 11, 4)  # a Wednesday: the first check-in falls on Wednesday 11 November
    assert rhythm_dates(start, add_months(start, 3), 4)[:2] == days("12/11/2026", "18/11/2026")


def test_a_check_in_on_easter_monday_moves_to_the_tuesday():
    start = date(2027, 3, 22)  # a Monday: Easter Monday 2027 is 29 March
    assert rhythm_dates(start, add_months(start, 3), 4)[:3] == days("30/03/2027", "05/04/2027", "12/04/2027")


def test_christmas_and_new_year_push_their_check_ins_past_the_weekend():
    start = date(2026, 12, 18)  # a Friday: 25 December and 1 January are Fridays that year
    assert rhythm_dates(start, add_months(start, 3), 4)[:3] == days("28/12/2026", "04/01/2027", "08/01/2027")


def test_a_return_on_a_saturday_checks_in_on_mondays():
    start = date(2026, 1, 31)  # a Saturday, at a month's end: 3 months later is 30 April
    dates = rhythm_dates(start, add_months(start, 3), 4)
    assert {d.weekday() for d in dates} == {0}
    assert dates[0] == date(2026, 2, 9) and dates[-1] < date(2026, 4, 30)


def test_no_check_in_falls_on_or_after_the_three_month_follow_up():
    start = date(2026, 2, 2)
    until = date(2026, 4, 27)  # a Monday, a fortnight's step: the follow-up takes its place
    dates = rhythm_dates(start, until, 4)
    assert dates[-1] == date(2026, 4, 13) and until not in dates


@pytest.mark.parametrize("start", [date(2026, 1, 1) + timedelta(days=n) for n in range(0, 365, 5)])
def test_every_check_in_of_a_year_of_returns_falls_on_a_working_day_before_the_follow_up(start):
    until = add_months(start, 3)
    dates = rhythm_dates(start, until, 5)
    assert dates and all(is_working_day(d) and start < d < until for d in dates)
    assert dates == sorted(set(dates))
