"""Follow-up conversations of the demo cases after their return."""

from __future__ import annotations

from datetime import date, timedelta

from .. import dialogue, followup, moments
from ..model import Case, Decision, GoalReview, GoalStatus, Participants, Phase, ScheduledMoment, User
from ..storage import Store

WORKS = "De vaste pauzes lukken; het weekoverleg met de leidinggevende helpt."
NOT_WORKING = "Het nieuwe systeem vraagt nog veel energie; de buddy heeft weinig tijd."


def fill(store: Store, facilitator: User, case: Case, phase: Phase, today: date) -> None:
    """Held moments up to today; in follow-up a social-support goal stays at risk (an early sign)."""
    if phase not in (Phase.FOLLOW_UP, Phase.CLOSED) or case.actual_return is None:
        return
    goals = dialogue.goals(store, facilitator, case.id)
    planned = followup.schedule(store, facilitator, case.id)  # the signed plan's dates
    if phase is Phase.FOLLOW_UP:  # an extra check-in halfway, as often happens
        planned.append(ScheduledMoment(moments.next_extra_kind(planned), case.actual_return + timedelta(days=120)))
        followup.save_schedule(store, facilitator, case.id, planned)
    held = {f.kind for f in followup.followups(store, facilitator, case.id)}  # the plan's story may have held one
    for moment in sorted(planned, key=lambda m: m.due_on):
        if moment.due_on > today:
            break
        if moment.kind in held:
            continue
        struggling = phase is Phase.FOLLOW_UP
        reviews = [
            GoalReview(g.id, GoalStatus.AT_RISK if struggling and g.theme == "social_support" else GoalStatus.ON_TRACK,
                       "De buddy is vaak op verplaatsing." if struggling and g.theme == "social_support" else "")
            for g in goals
        ]
        followup.record_followup(
            store, facilitator, case.id, moment.kind, moment.due_on + timedelta(days=2), Participants.JOINT,
            Decision.CONTINUE, reviews, "surviving" if struggling else "thriving", WORKS, NOT_WORKING if struggling else "",
        )
