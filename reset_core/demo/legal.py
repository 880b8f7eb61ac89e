"""Around the legal plan for the demo cases, through the same use cases a facilitator
uses: the motivated report of the case where no plan is possible, the safety function of
the bus driver, and the progressive-return notices of the cases that returned, each filed
two working days or so before its step. The case about to return keeps its notices open,
so the home page shows the first one in time. Everything here is invented."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from .. import legal_report, legal_track
from ..model import Case, User
from ..storage import Store
from .case import DemoCase


def fill(store: Store, facilitator: User, case: Case, demo: DemoCase, clock: Callable[[], datetime]) -> None:
    if demo.safety_function:
        legal_report.save_safety(store, facilitator, case.id, True, clock)
    if demo.no_plan and case.assessment is not None:
        track = legal_track.load(store, facilitator, case.id, clock).track
        appeal_end = track.appeal_end if track and track.appeal_end else case.assessment.on_date
        legal_report.save_report(store, facilitator, case.id, "objective", demo.no_plan, appeal_end + timedelta(days=45), clock)
    if demo.return_days_ago is None:
        return
    for step in legal_track.load(store, facilitator, case.id, clock).notices:
        legal_report.file_notice(store, facilitator, case.id, step.start, step.due_on - timedelta(days=2), clock)
