"""The follow-up moments after the return: about 3, 6 and 9 months after it, and any
extra ones. The plan proposes their dates; once it is signed they are the schedule."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from .dates import add_months
from .model import Case, ScheduledMoment
from .storage import Queries

STANDARD_MONTHS = {"m3": 3, "m6": 6, "m9": 9}


def proposed_schedule(return_date: date) -> list[ScheduledMoment]:
    return [ScheduledMoment(kind, add_months(return_date, months)) for kind, months in STANDARD_MONTHS.items()]


def next_extra_kind(moments: Sequence[ScheduledMoment]) -> str:
    n = 1
    while f"extra{n}" in {m.kind for m in moments}:
        n += 1
    return f"extra{n}"


def schedule_from_plan(follow_ups: Sequence[date], current: Sequence[ScheduledMoment], held: set[str]) -> list[ScheduledMoment]:
    """The schedule a signed plan sets: its dates in order become the 3-, 6- and
    9-month moments, then extra ones. A moment already held keeps the date it had,
    so a plan signed later never rewrites what happened."""
    kinds = list(STANDARD_MONTHS)
    planned: list[ScheduledMoment] = []
    for day in sorted(follow_ups):
        planned.append(ScheduledMoment(kinds.pop(0) if kinds else next_extra_kind(planned), day))
    kept = {m.kind: m for m in current if m.kind in held}
    chosen = [kept.pop(m.kind, m) for m in planned] + list(kept.values())
    return sorted(chosen, key=lambda m: (m.due_on, m.kind))


def saved_or_proposed(saved: list[ScheduledMoment], case: Case) -> list[ScheduledMoment]:
    """The saved schedule, or else the proposal from the actual return date."""
    if saved:
        return saved
    return proposed_schedule(case.actual_return) if case.actual_return else []


def case_schedule(q: Queries, case: Case) -> list[ScheduledMoment]:
    return saved_or_proposed(q.followup.schedule_of(case.id), case)


def adopt_plan(q: Queries, case: Case, follow_ups: Sequence[date], by: str, now: datetime) -> None:
    """When a plan version is signed, its follow-up dates become the schedule."""
    held = {f.kind for f in q.followup.followups_of(case.id)}
    q.followup.save_schedule(case.id, schedule_from_plan(follow_ups, case_schedule(q, case), held), by, now)
