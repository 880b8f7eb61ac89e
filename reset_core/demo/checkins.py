"""The check-ins of the first weeks back in the demo: one case is in its fifth week back.
Both parties answered the first weekly check-ins through their own links (the manager's
second one was a phone call the facilitator recorded); the last check-in whose answer
time is over has the employee's answer but not the manager's, so it shows as an early
sign and waits on the home list.

A case back for longer than its rhythm (3 months) has the check-ins switched off, as
the migration does for real cases that were back before the check-ins existed: their
past check-ins were never asked.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from .. import checkins
from ..dates import add_months
from ..model import Case, Phase, Respondent, User
from ..storage import Store
from .spaces import new_link

# Per check-in, in order: (rating, hours, what helped, what hindered, to discuss) for each party.
EMPLOYEE_SAYS = (
    (3, 18.0, "Het welkomstgesprek op maandag", "Veel mails om in te lezen", ""),
    (3, 19.0, "De buddy die de nieuwe werkwijze uitlegt", "Het lawaai in het landschapsbureau", "Kan ik een stille werkplek krijgen?"),
    (4, 22.0, "De vaste pauze om half elf", "", ""),
    (2, 26.0, "", "De teamvergadering liep twee uur uit", "Ik merk dat ik te lang doorwerk."),
)
MANAGER_SAYS = (
    (4, None, "Het vrijdaggesprek", "", ""),
    (3, None, "", "Een collega vroeg naar de reden van de afwezigheid", "Hoe antwoord ik op zulke vragen?"),
    (4, None, "De buddy neemt zijn rol op", "", ""),
)


def _at(day: date, hour: int):
    moment = datetime.combine(day, time(hour))
    return lambda: moment


def fill(store: Store, facilitator: User, case: Case, phase: Phase, today: date) -> None:
    back = case.actual_return
    if phase not in (Phase.FOLLOW_UP, Phase.CLOSED) or back is None:
        return
    if add_months(back, 3) <= today:
        checkins.save_rhythm(store, facilitator, case.id, False, checkins.DEFAULT_WEEKLY, _at(back, 9))
        return
    # The days the rules give (each on a working day); those whose answer time is over.
    days = [d for d in checkins.planned(case, checkins.Rhythm(), ()) if (today - d).days >= checkins.MISSED_AFTER_DAYS]
    if not days:
        return
    first = _at(back - timedelta(days=1), 16)
    tokens = {r: new_link(store, facilitator, case.id, r, first) for r in Respondent}
    for number, day in enumerate(days[-len(EMPLOYEE_SAYS):]):
        checkins.answer_in_space(store, tokens[Respondent.EMPLOYEE], day, *EMPLOYEE_SAYS[number], clock=_at(day, 20))
    for number, day in enumerate(days[:-1][-len(MANAGER_SAYS):]):  # the last one: no answer from the manager
        says = MANAGER_SAYS[number]
        if number == 1:  # a phone call the facilitator wrote down
            checkins.record(store, facilitator, case.id, day, Respondent.MANAGER, *says, clock=_at(day + timedelta(days=1), 11))
        else:
            checkins.answer_in_space(store, tokens[Respondent.MANAGER], day, *says, clock=_at(day, 17))
