"""Dates around the return itself, outside the plan's own deadlines: the progressive-return
notice per step of the schedule, and the medical check a safety function needs.

A progressive (partial) return with a sickness benefit is the employee's to report: the
notice must reach the health insurer's advising physician (adviserend arts) before the
step starts, so by the last working day before it; every change of hours or days needs a
new notice, a late one cuts the benefit. Working days here are Monday to Friday without
the ten Belgian public holidays (regional and community holidays are not national ones
and do not count). A worker in a safety function, a function with increased vigilance or
an activity at a defined risk is examined by the occupational physician before resuming
after four weeks of absence or more.

Pure rules, no storage: `reset_core.legal_track` lists them with the other deadlines.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from functools import cache

from .model import NoticeStep, SchedulePeriod

SAFETY_ABSENCE_DAYS = 28  # four weeks of absence or more
SAFETY_CHECK_WORKING_DAYS = 10  # the examination's last day: the tenth working day after the return


def easter(year: int) -> date:
    """Easter Sunday of the Gregorian calendar (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * ell) // 433
    month, day = divmod(h + ell - 7 * m + 90, 25)
    return date(year, month, (h + ell - 7 * m + 33 * month + 19) % 32)


@cache
def belgian_holidays(year: int) -> frozenset[date]:
    """The ten legal public holidays of Belgium (law of 4 January 1974)."""
    sunday = easter(year)
    return frozenset({
        date(year, 1, 1), sunday + timedelta(days=1), date(year, 5, 1), sunday + timedelta(days=39),
        sunday + timedelta(days=50), date(year, 7, 21), date(year, 8, 15), date(year, 11, 1),
        date(year, 11, 11), date(year, 12, 25),
    })


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in belgian_holidays(day.year)


def last_working_day_before(day: date) -> date:
    """The last working day strictly before `day`: a Monday's is the Friday before, or
    earlier when that Friday is a public holiday."""
    before = day - timedelta(days=1)
    while not is_working_day(before):
        before -= timedelta(days=1)
    return before


def notice_steps(schedule: Sequence[SchedulePeriod], contract_hours: float | None, filed: dict[date, date]) -> list[NoticeStep]:
    """The steps of the schedule that need a notice to the advising physician: the first
    step, and every later one whose hours or days per week differ from the step before.
    A step at the full contract hours ends the progressive return: no notice of its own.
    `filed`: step start -> the day its notice was filed."""
    steps: list[NoticeStep] = []
    previous: SchedulePeriod | None = None
    for period in sorted((p for p in schedule if p.start is not None), key=lambda p: p.start or date.min):
        assert period.start is not None  # filtered above
        changed = previous is None or (period.hours_per_week, period.days_per_week) != (previous.hours_per_week, previous.days_per_week)
        full = contract_hours is not None and period.hours_per_week is not None and period.hours_per_week >= contract_hours
        if changed and not full:
            steps.append(NoticeStep(
                period.start, last_working_day_before(period.start), period.hours_per_week, period.days_per_week,
                filed.get(period.start),
            ))
        previous = period
    return steps


def working_days_after(day: date, count: int) -> date:
    """The `count`th working day after `day` (`day` itself not counted)."""
    after = day
    while count:
        after += timedelta(days=1)
        count -= is_working_day(after)
    return after


def safety_check_due(sick_leave_start: date | None, expected_return: date | None, actual_return: date | None) -> date | None:
    """The last day for the occupational physician's examination on resuming work, for a
    safety function (or a function with increased vigilance, an activity at a defined
    risk) after four weeks of absence or more: it takes place on the day of the return at
    the earliest and by the tenth working day after it at the latest (Codex art. I.4-34).
    None while the return is not known, or when the absence stayed under four weeks."""
    back = actual_return or expected_return
    if sick_leave_start is None or back is None or back < sick_leave_start + timedelta(days=SAFETY_ABSENCE_DAYS):
        return None
    return working_days_after(back, SAFETY_CHECK_WORKING_DAYS)
