"""The parties' personal spaces in the demo: each party of an open case that is past the
intake got a link, most of them opened it; one employee withdrew a consent there
himself, so a trainer can show both the party's page and the facilitator's overview.

The tokens are not kept: the demo facilitator makes a new link to show a space (the
new one revokes the old, as in real use)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from .. import intake, party_space
from ..accounts import Clock
from ..model import Case, PersonRole, Phase, Respondent, User, person_subject
from ..storage import Store

OPEN = (Phase.PREPARATION, Phase.JOINT_DIALOGUE, Phase.RETURN, Phase.FOLLOW_UP)
# His coach's contact withdrawn in her own space, a few days ago.
WITHDRAWS_IN_SPACE = "Jeroen Maes"


def new_link(store: Store, facilitator: User, case_id: int, respondent: Respondent, clock: Clock, language: str = "nl") -> str:
    token = party_space.issue_link(store, facilitator, case_id, respondent, language, clock=clock)
    assert token is not None  # made without a request token: never taken for a repeat
    return token


def fill(store: Store, facilitator: User, case: Case, phase: Phase, today: date, languages: dict[Respondent, str]) -> None:
    if phase not in OPEN:
        return

    def at(days_ago: int, hour: int):
        return lambda: datetime.combine(today - timedelta(days=days_ago), time(hour))

    tokens = {
        respondent: new_link(store, facilitator, case.id, respondent, at(20, 9), languages[respondent])
        for respondent in Respondent
    }
    party_space.open_space(store, tokens[Respondent.EMPLOYEE], at(19, 20))
    if phase is not Phase.PREPARATION:  # in preparation the manager has not looked yet
        party_space.open_space(store, tokens[Respondent.MANAGER], at(18, 8))
        party_space.open_space(store, tokens[Respondent.EMPLOYEE], at(4, 21))
    if case.details.employee.name == WITHDRAWS_IN_SPACE:
        coach = next(p for p in intake.load(store, facilitator, case.id, at(3, 9)).people if p.person.role is PersonRole.COACH_THERAPIST)
        party_space.withdraw_consent(store, tokens[Respondent.EMPLOYEE], person_subject(coach.person.id), at(3, 21))
